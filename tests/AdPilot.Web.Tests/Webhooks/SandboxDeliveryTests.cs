using AdPilot.Core.Simulation;
using AdPilot.Runtime.Ingestion;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Storage.Webhooks;
using AdPilot.Web.Tests.Infrastructure;
using Dapper;

namespace AdPilot.Web.Tests.Webhooks;

/// <summary>The sandbox's own signed deliveries, with duplicates and out-of-order ones, through the receiver into orders.</summary>
public sealed class SandboxDeliveryTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task SandboxDeliveries_WithDuplicatesAndReordering_EveryWebhookStoredOnceAndEveryOrderArrives(DatabaseDialect dialect)
    {
        // The sender needs the receiver's address before either starts: pick the port first.
        var port = Webhooks.FreePort();
        var faults = new SandboxFaults { Webhooks = new WebhookFaults(DuplicateProbability: 0.3, OutOfOrderProbability: 0.3) };
        await using var sender = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, WebHarness.Ct, webhookUrl: new Uri($"http://127.0.0.1:{port}/webhooks/shopify"), faults: faults);
        await using var web = await WebHarness.StartAsync(
            cluster,
            dialect,
            new Dictionary<string, string?>
            {
                ["Web:Url"] = $"http://127.0.0.1:{port}",
                ["Shopify:WebhookSecret"] = sender.Credentials.ShopifyWebhookSecret,

                // The sender's world replays 30 hours at once: its deliveries are triggered up to 30 simulated hours ago.
                ["Webhooks:MaxAge"] = "2.00:00:00",
            },
            historyHours: 30);
        Assert.Equal(sender.ShopDomain, web.Server.ShopDomain);
        using var outcomes = new OutcomeCounter(web);

        sender.World.Advance(30);
        var expected = sender.World.Orders();
        var refunds = expected.Sum(o => o.Refunds.Count);
        var refunded = expected.Sum(o => o.TotalRefunded.Amount);
        Assert.True(refunds > 0, "the run must include refunds");
        var seen = await Webhooks.EventuallyAsync(
            () => ReadAsync(web),
            s => s.Creates == expected.Count && s.Refunds == refunds && s.Orders == expected.Count && s.Refunded == refunded && s.Pending == 0);

        Assert.Equal(expected.Count(o => o.CancelledAtUtc is not null), seen.Cancelled);
        Assert.Equal(0, seen.Failed);
        Assert.Equal(0, seen.WithPayload);
        Assert.True(outcomes["duplicate"] > 0, "the faults must have sent duplicates");
        Assert.Equal(seen.Events, outcomes["stored"]);
        Assert.Equal(0, outcomes["bad_signature"]);
        Assert.Equal(0, web.Service<IWebhookQueueStatus>().Depth);
    }

    private static async Task<Seen> ReadAsync(WebHarness web)
    {
        await using var connection = await web.Db.Database.OpenConnectionAsync(WebHarness.Ct);
        var events = await connection.QuerySingleAsync<(long Events, long Creates, long Refunds, long Pending, long Failed, long WithPayload)>(new CommandDefinition(
            """
            SELECT COUNT(*),
                   COALESCE(SUM(CASE WHEN topic = 'orders/create' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN topic = 'refunds/create' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN status = 'pending' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN status = 'failed' THEN 1 ELSE 0 END), 0),
                   COALESCE(SUM(CASE WHEN payload IS NOT NULL THEN 1 ELSE 0 END), 0)
            FROM webhook_events
            """,
            cancellationToken: WebHarness.Ct));
        var orders = await connection.QueryAsync<(string Refunded, object? CanceledAt)>(new CommandDefinition(
            "SELECT CAST(refunded AS TEXT), canceled_at FROM orders", cancellationToken: WebHarness.Ct));
        var list = orders.ToList();
        return new Seen(
            events.Events,
            events.Creates,
            events.Refunds,
            events.Pending,
            events.Failed,
            events.WithPayload,
            list.Count,
            list.Sum(o => decimal.Parse(o.Refunded, System.Globalization.CultureInfo.InvariantCulture)),
            list.Count(o => o.CanceledAt is not null and not DBNull));
    }

    private sealed record Seen(long Events, long Creates, long Refunds, long Pending, long Failed, long WithPayload, int Orders, decimal Refunded, int Cancelled);
}

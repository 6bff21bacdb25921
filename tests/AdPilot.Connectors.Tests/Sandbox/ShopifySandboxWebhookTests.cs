using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdPilot.Connectors.Shopify;
using AdPilot.Sandbox.Faults;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// The sandbox's webhooks received by a loopback receiver, verified with <see cref="ShopifyWebhookSignature"/> and
/// parsed with <see cref="ShopifyWebhookParser"/>, as AdPilot's webhook endpoint does.
/// </summary>
public sealed class ShopifySandboxWebhookTests
{
    [Fact]
    public async Task Webhooks_AllThreeTopics_VerifyAndParse_AndMatchTheWorld()
    {
        await using var sandbox = await ShopifySandbox.StartAsync(webhooks: true);
        sandbox.World.Advance(6 * 24);
        var truth = sandbox.World.Orders();
        var changed = truth.Where(o => o.UpdatedAtUtc > o.CreatedAtUtc).ToArray();
        var expected = truth.Count + (2 * changed.Length);
        await ShopifySandbox.WaitForAsync(() => sandbox.Deliveries.Count >= expected);

        var deliveries = sandbox.Deliveries.ToArray();
        Assert.Equal(expected, deliveries.Length);
        var events = deliveries.Select(d => VerifyAndParse(sandbox, d)).ToArray();

        var byId = truth.ToDictionary(o => o.Id);
        var created = events.Where(e => e.Topic == ShopifyWebhookTopic.OrdersCreate).Select(e => e.Order!).ToArray();
        Assert.Equal(truth.Select(o => o.Id), created.Select(o => o.Id));
        Assert.All(created, o =>
        {
            var order = byId[o.Id];
            Assert.Equal(order.Total.Amount, o.CurrentTotal.Amount);
            Assert.Equal(order.TotalDiscounts.Amount, o.TotalDiscounts.Amount);
            Assert.Equal(order.Total.Amount, o.LineItems.Sum(l => l.UnitPrice.Amount * l.Quantity) - o.TotalDiscounts.Amount);
            Assert.Equal(order.UtmAdSet?.ExternalId, o.Landing.Utm.Content);
            Assert.All(o.LineItems, l => Assert.Null(l.UnitCost));
        });
        var updated = events.Where(e => e.Topic == ShopifyWebhookTopic.OrdersUpdated).Select(e => e.Order!).ToArray();
        Assert.Equal(changed.Length, updated.Length);
        Assert.NotEmpty(updated);
        Assert.All(updated, o => ShopifySandboxPullTests.AssertMatches(byId[o.Id], o, unitCosts: false));
        Assert.Contains(updated, o => o.CancelledAt is not null);
        var refunds = events.Where(e => e.Topic == ShopifyWebhookTopic.RefundsCreate).Select(e => e.Refund!).ToArray();
        Assert.Equal(
            changed.Select(o => (o.Refunds[0].Id, o.Id, o.Refunds[0].Amount.Amount, o.Refunds[0].CreatedAtUtc)).Order(),
            refunds.Select(r => (r.Id, r.OrderId, r.Amount.Amount, r.CreatedAt)).Order());
    }

    [Fact]
    public async Task Webhooks_CarryTheBuyersPersonalData_ButTheParsedEventsNeverKeepIt()
    {
        await using var sandbox = await ShopifySandbox.StartAsync(webhooks: true);
        sandbox.World.Advance(5 * 24);
        var truth = sandbox.World.Orders();
        var expected = truth.Count + (2 * truth.Count(o => o.UpdatedAtUtc > o.CreatedAtUtc));
        await ShopifySandbox.WaitForAsync(() => sandbox.Deliveries.Count >= expected);

        var deliveries = sandbox.Deliveries.ToArray();
        Assert.Equal(expected, deliveries.Length);
        foreach (var delivery in deliveries)
        {
            var parsed = JsonSerializer.Serialize(VerifyAndParse(sandbox, delivery), Unescaped);
            var raw = Regex.Unescape(Encoding.UTF8.GetString(delivery.Body));
            using var body = JsonDocument.Parse(delivery.Body);
            var orderId = delivery.Topic == "refunds/create" ? body.RootElement.GetProperty("order_id").GetInt64() : body.RootElement.GetProperty("id").GetInt64();
            var customer = truth.Single(o => o.Id == orderId).Customer!;
            string[] personal = [customer.Email, customer.FirstName, customer.LastName, customer.Phone, customer.Address1, customer.Zip, "198.51.100.23"];
            if (delivery.Topic != "refunds/create")
            {
                Assert.All(personal, p => Assert.Contains(p, raw, StringComparison.Ordinal));
            }

            Assert.All(personal, p => Assert.DoesNotContain(p, parsed, StringComparison.Ordinal));
            Assert.DoesNotContain(customer.Id.ToString(System.Globalization.CultureInfo.InvariantCulture), parsed, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Webhooks_WithDuplicateAndOutOfOrderFaults_AreObserved_AndDedupeByEventIdToTheWorldsEvents()
    {
        await using var sandbox = await ShopifySandbox.StartAsync(
            webhooks: true, faults: new WebhookFaults(DuplicateProbability: 0.3, OutOfOrderProbability: 0.3, FailureProbability: 0.2));
        sandbox.World.Advance(3 * 24);
        var truth = sandbox.World.Orders();
        var expectedEvents = truth.Count + (2 * truth.Count(o => o.UpdatedAtUtc > o.CreatedAtUtc));
        await ShopifySandbox.WaitForAsync(() => sandbox.Deliveries.Select(d => d.EventId).Distinct().Count() >= expectedEvents);

        var deliveries = sandbox.Deliveries.ToArray();
        var byEvent = deliveries.GroupBy(d => d.EventId).ToArray();
        Assert.Equal(expectedEvents, byEvent.Length);
        var duplicates = byEvent.Where(g => g.Count() > 1).ToArray();
        Assert.NotEmpty(duplicates);
        Assert.All(duplicates, g =>
        {
            Assert.Single(g.Select(d => d.WebhookId).Distinct());
            Assert.All(g, d => Assert.Equal(g.First().Body, d.Body));
        });

        var firstSeen = byEvent.Select(g => g.First()).ToArray();
        var createdIds = firstSeen.Where(d => d.Topic == "orders/create").Select(d => VerifyAndParse(sandbox, d).Order!.Id).ToArray();
        Assert.False(createdIds.Order().SequenceEqual(createdIds), "no delivery arrived out of order");
        Assert.Equal(truth.Select(o => o.Id), createdIds.Order());

        // Ordering is not guaranteed, so the consumer keeps the latest state of each order by updated_at.
        var latest = firstSeen
            .Where(d => d.Topic != "refunds/create")
            .Select(d => VerifyAndParse(sandbox, d).Order!)
            .GroupBy(o => o.Id)
            .Select(g => g.MaxBy(o => o.UpdatedAt)!)
            .ToDictionary(o => o.Id);
        Assert.All(truth, o => Assert.Equal(o.CurrentTotal.Amount, latest[o.Id].CurrentTotal.Amount));
    }

    private static readonly JsonSerializerOptions Unescaped = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static ShopifyWebhookEvent VerifyAndParse(ShopifySandbox sandbox, WebhookDelivery delivery)
    {
        Assert.True(ShopifyWebhookSignature.IsValid(delivery.Body, delivery.Headers[ShopifyWebhookSignature.HeaderName], sandbox.Server.Credentials.ShopifyWebhookSecret));
        Assert.False(ShopifyWebhookSignature.IsValid([.. delivery.Body, (byte)' '], delivery.Headers[ShopifyWebhookSignature.HeaderName], sandbox.Server.Credentials.ShopifyWebhookSecret));
        Assert.Equal(sandbox.Server.ShopDomain, delivery.Headers["X-Shopify-Shop-Domain"]);
        Assert.Equal("2026-01", delivery.Headers["X-Shopify-API-Version"]);
        Assert.True(ShopifyWebhookParser.TryParseTopic(delivery.Headers[ShopifyWebhookParser.TopicHeaderName], out var topic));
        return ShopifyWebhookParser.Parse(topic, delivery.Body, delivery.Headers["X-Shopify-Shop-Domain"], sandbox.World.Currency);
    }
}

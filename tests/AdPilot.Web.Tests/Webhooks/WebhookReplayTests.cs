using System.Net;
using System.Text.Json;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;
using AdPilot.Web.Webhooks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Tests.Webhooks;

/// <summary>
/// The replay rules: a verified delivery outside the Triggered-At window (or without a readable one) is refused, stores
/// nothing, is counted by reason and logged without its body; one webhook id or one event id is stored once.
/// </summary>
public sealed class WebhookReplayTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(-5.9, "stored")] // a Shopify retry near the end of its 4-hour schedule, and then some
    [InlineData(-6.1, "stale")]
    [InlineData(0.05, "stored")] // 3 minutes ahead: clock skew
    [InlineData(0.2, "future")]
    public async Task Receive_TriggeredAtAgainstTheWindow_AcceptsOrRefuses(double hours, string outcome)
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        using var outcomes = new OutcomeCounter(web);
        var body = Webhooks.OrderBody(501, 10m, web.World.Currency);

        using var response = await Webhooks.SendAsync(
            web, Webhooks.Delivery(body, Webhooks.Secret(web), web.Server.ShopDomain, "wh-501", triggeredAt: Webhooks.TriggeredAt(web, TimeSpan.FromHours(hours))));

        Assert.Equal(outcome == "stored" ? HttpStatusCode.OK : HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(outcome, await OutcomeAsync(response));
        Assert.Equal(outcome == "stored" ? 1 : 0, await Webhooks.CountAsync(web, "webhook_events"));
        Assert.Equal(1, outcomes[outcome]);
    }

    [Theory]
    [InlineData(null, "no_triggered_at")]
    [InlineData("yesterday", "bad_triggered_at")]
    [InlineData("2026-03-02T10:00:00", "bad_triggered_at")] // no offset: ambiguous
    public async Task Receive_TriggeredAtMissingOrUnreadable_RefusedAndLoggedWithoutTheBody(string? triggeredAt, string outcome)
    {
        var logs = new RecordingLoggerProvider();
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        using var outcomes = new OutcomeCounter(web);
        var body = Webhooks.OrderBody(502, 10m, web.World.Currency);

        using var response = await Webhooks.SendAsync(web, Webhooks.Delivery(body, Webhooks.Secret(web), web.Server.ShopDomain, "wh-502", triggeredAt: triggeredAt));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal(outcome, await OutcomeAsync(response));
        Assert.Equal(0, await Webhooks.CountAsync(web, "webhook_events"));
        Assert.Equal(1, outcomes[outcome]);
        var line = Assert.Single(logs.Messages, m => m.Contains("wh-502", StringComparison.Ordinal));
        Assert.Contains(outcome, line, StringComparison.Ordinal);
        Assert.DoesNotContain(logs.Messages, m => m.Contains("jane.buyer@example.com", StringComparison.Ordinal) || m.Contains("1 Main Street", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Receive_UnsignedStaleDelivery_IsABadSignatureNotAReplay()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var body = Webhooks.OrderBody(503, 10m, web.World.Currency);

        using var response = await Webhooks.SendAsync(
            web, Webhooks.Delivery(body, "wrong-secret", web.Server.ShopDomain, "wh-503", triggeredAt: Webhooks.TriggeredAt(web, TimeSpan.FromDays(-3))));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Receive_SameWebhookIdOrSameEventId_StoredOnce(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);
        using var outcomes = new OutcomeCounter(web);
        var body = Webhooks.OrderBody(504, 10m, web.World.Currency);
        var secret = Webhooks.Secret(web);
        var shop = web.Server.ShopDomain;

        using var first = await Webhooks.SendAsync(web, Webhooks.Delivery(body, secret, shop, "wh-504", eventId: "ev-504"));
        using var sameWebhook = await Webhooks.SendAsync(web, Webhooks.Delivery(body, secret, shop, "wh-504", eventId: "ev-504"));
        using var sameEvent = await Webhooks.SendAsync(web, Webhooks.Delivery(body, secret, shop, "wh-504-b", eventId: "ev-504"));
        using var other = await Webhooks.SendAsync(web, Webhooks.Delivery(body, secret, shop, "wh-505", eventId: "ev-505"));
        var racing = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            Webhooks.SendAsync(web, Webhooks.Delivery(body, secret, shop, $"wh-506-{i}", eventId: "ev-506"))));

        Assert.Equal(["stored", "duplicate", "duplicate", "stored"], [await OutcomeAsync(first), await OutcomeAsync(sameWebhook), await OutcomeAsync(sameEvent), await OutcomeAsync(other)]);
        Assert.All(racing, r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        Assert.Equal(3, await Webhooks.CountAsync(web, "webhook_events"));
        Assert.Null(await Webhooks.FindAsync(web, "wh-504-b"));
        Assert.Equal(3, outcomes["stored"]);
        Assert.Equal(9, outcomes["duplicate"]);
        foreach (var r in racing)
        {
            r.Dispose();
        }
    }

    [Theory]
    [InlineData("2023-03-29T18:00:27.877041743Z", "2023-03-29T18:00:27.8770417+00:00")]
    [InlineData("2026-03-02T10:00:00+02:00", "2026-03-02T08:00:00.0000000+00:00")]
    [InlineData("2026-03-02T10:00:00.5Z", "2026-03-02T10:00:00.5000000+00:00")]
    public void ParseTriggeredAt_ShopifyForms_ReadInUtc(string text, string expected)
    {
        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), WebhookReceiver.ParseTriggeredAt(text));
    }

    private static async Task<string> OutcomeAsync(HttpResponseMessage response)
    {
        using var json = JsonDocument.Parse(await response.Content.ReadAsStringAsync(WebHarness.Ct));
        return json.RootElement.GetProperty("status").GetString()!;
    }
}

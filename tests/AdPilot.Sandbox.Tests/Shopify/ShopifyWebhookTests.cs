using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Faults;
using AdPilot.Sandbox.Shopify;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Sandbox.Tests.Shopify;

public sealed class ShopifyWebhookTests
{
    [Fact]
    public void Sign_MatchesTheReferenceVectors()
    {
        Assert.Equal("hMTq0K2x7oyOjoBwGYeTj5oxfnaVYXzbanUG9aajpKI=", ShopifyWebhookSender.Sign("\"my secret message\""u8.ToArray(), "hush"));
        Assert.Equal("B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=", ShopifyWebhookSender.Sign("{\"foo\": \"bar\"}"u8.ToArray(), "test_secret_key"));
        Assert.Equal("3X6clrsy+C8mmzR/MeTh6b/EcLr46WLZaU+24GrPXOM=", ShopifyWebhookSender.Sign("Bf"u8.ToArray(), "some-secret"));
    }

    [Fact]
    public async Task EveryOrder_IsDeliveredSignedWithShopifysHeaders_AndAFailedDeliveryIsRetriedWithTheSameIds()
    {
        var received = new ConcurrentQueue<(byte[] Body, IHeaderDictionary Headers)>();
        var calls = 0;
        await using var receiver = await StartReceiverAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            received.Enqueue((buffer.ToArray(), new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
            context.Response.StatusCode = Interlocked.Increment(ref calls) == 1 ? 500 : 200;
        });
        var hookUrl = new Uri(ReceiverUrl(receiver), "hooks");
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, webhookUrl: hookUrl);

        server.World.Advance(6);
        var orders = server.World.Orders();
        Assert.NotEmpty(orders);
        var deadline = Task.Delay(TimeSpan.FromSeconds(30), TimeProvider.System, TestContext.Current.CancellationToken);
        while (received.Count(d => d.Headers["X-Shopify-Topic"] == "orders/create") < orders.Count + 1 && !deadline.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken);
        }

        var deliveries = received.Where(d => d.Headers["X-Shopify-Topic"] == "orders/create").ToArray();
        Assert.Equal(orders.Count + 1, deliveries.Length);
        Assert.Equal(deliveries[0].Headers["X-Shopify-Webhook-Id"], deliveries[1].Headers["X-Shopify-Webhook-Id"]);
        Assert.Equal(deliveries[0].Body, deliveries[1].Body);
        var delivered = deliveries.Skip(1).ToArray();
        Assert.Equal(orders.Select(o => o.Gid), delivered.Select(d => JsonDocument.Parse(d.Body).RootElement.GetProperty("admin_graphql_api_id").GetString()));
        foreach (var (body, headers) in delivered)
        {
            Assert.Equal(ShopifyWebhookSender.Sign(body, server.Credentials.ShopifyWebhookSecret), headers["X-Shopify-Hmac-Sha256"].ToString());
            Assert.Equal("orders/create", headers["X-Shopify-Topic"].ToString());
            Assert.Equal(server.ShopDomain, headers["X-Shopify-Shop-Domain"].ToString());
            Assert.Equal("2026-01", headers["X-Shopify-API-Version"].ToString());
            Assert.False(string.IsNullOrEmpty(headers["X-Shopify-Event-Id"].ToString()));
            Assert.False(string.IsNullOrEmpty(headers["X-Shopify-Triggered-At"].ToString()));
            using var json = JsonDocument.Parse(body);
            Assert.Equal(JsonValueKind.String, json.RootElement.GetProperty("current_total_price").ValueKind);
        }

        Assert.Equal(delivered.Length, delivered.Select(d => d.Headers["X-Shopify-Event-Id"].ToString()).Distinct().Count());
    }

    [Fact]
    public async Task RefundsAndCancellations_AreDeliveredAsRefundsCreateThenOrdersUpdated_WithRestBodies()
    {
        var received = new ConcurrentQueue<(byte[] Body, IHeaderDictionary Headers)>();
        await using var receiver = await StartReceiverAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            received.Enqueue((buffer.ToArray(), new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
        });
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, webhookUrl: new Uri(ReceiverUrl(receiver), "hooks"));

        server.World.Advance(8 * 24);
        var orders = server.World.Orders();
        var changed = orders.Where(o => o.UpdatedAtUtc > o.CreatedAtUtc).ToArray();
        var expected = orders.Count + (2 * changed.Length);
        await WaitForAsync(() => received.Count >= expected);

        var deliveries = received.ToArray();
        Assert.Equal(expected, deliveries.Length);
        var refunds = deliveries.Where(d => Topic(d) == "refunds/create").ToArray();
        var updates = deliveries.Where(d => Topic(d) == "orders/updated").ToArray();
        Assert.Equal(changed.Length, refunds.Length);
        Assert.Equal(changed.Length, updates.Length);
        foreach (var order in changed)
        {
            var refund = Assert.Single(order.Refunds);
            var refundAt = Array.FindIndex(deliveries, d => Topic(d) == "refunds/create" && Json(d).GetProperty("id").GetInt64() == refund.Id);
            var updateAt = Array.FindIndex(deliveries, d => Topic(d) == "orders/updated" && Json(d).GetProperty("id").GetInt64() == order.Id);
            Assert.True(refundAt >= 0 && refundAt < updateAt);
            var refundBody = Json(deliveries[refundAt]);
            Assert.Equal(order.Id, refundBody.GetProperty("order_id").GetInt64());
            var transaction = Assert.Single(refundBody.GetProperty("transactions").EnumerateArray());
            Assert.Equal(refund.Amount.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), transaction.GetProperty("amount").GetString());
            Assert.Equal("refund", transaction.GetProperty("kind").GetString());
            var orderBody = Json(deliveries[updateAt]);
            Assert.Equal(order.FinancialStatus, orderBody.GetProperty("financial_status").GetString());
            Assert.Equal(order.CancelledAtUtc is null, orderBody.GetProperty("cancelled_at").ValueKind == JsonValueKind.Null);
            Assert.Equal(1, orderBody.GetProperty("refunds").GetArrayLength());
        }

        Assert.All(deliveries, d => Assert.Equal(ShopifyWebhookSender.Sign(d.Body, server.Credentials.ShopifyWebhookSecret), d.Headers["X-Shopify-Hmac-Sha256"].ToString()));
        var created = Json(deliveries.First(d => Topic(d) == "orders/create"));
        Assert.Contains("@example.com", created.GetProperty("customer").GetProperty("email").GetString(), StringComparison.Ordinal);
        Assert.True(created.GetProperty("line_items").GetArrayLength() > 0);
    }

    [Fact]
    public async Task DuplicateFault_SendsEveryDeliveryTwiceWithTheSameIds()
    {
        var received = new ConcurrentQueue<(byte[] Body, IHeaderDictionary Headers)>();
        await using var receiver = await StartCollectingReceiverAsync(received);
        var faults = new SandboxFaults { Webhooks = new WebhookFaults(DuplicateProbability: 1) };
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, webhookUrl: new Uri(ReceiverUrl(receiver), "hooks"), faults: faults);

        server.World.Advance(4);
        var expected = 2 * server.World.Orders().Count;
        await WaitForAsync(() => received.Count >= expected);

        var deliveries = received.ToArray();
        Assert.Equal(expected, deliveries.Length);
        foreach (var pair in deliveries.Chunk(2))
        {
            Assert.Equal(pair[0].Headers["X-Shopify-Webhook-Id"], pair[1].Headers["X-Shopify-Webhook-Id"]);
            Assert.Equal(pair[0].Headers["X-Shopify-Event-Id"], pair[1].Headers["X-Shopify-Event-Id"]);
            Assert.Equal(pair[0].Headers["X-Shopify-Triggered-At"], pair[1].Headers["X-Shopify-Triggered-At"]);
            Assert.Equal(pair[0].Body, pair[1].Body);
        }
    }

    [Fact]
    public async Task OutOfOrderFault_SendsAHeldDeliveryAfterTheNextOne()
    {
        var received = new ConcurrentQueue<(byte[] Body, IHeaderDictionary Headers)>();
        await using var receiver = await StartCollectingReceiverAsync(received);
        var faults = new SandboxFaults { Webhooks = new WebhookFaults(OutOfOrderProbability: 1) };
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, webhookUrl: new Uri(ReceiverUrl(receiver), "hooks"), faults: faults);

        server.World.Advance(4);
        var orders = server.World.Orders();
        Assert.True(orders.Count >= 2);
        await WaitForAsync(() => received.Count >= orders.Count);

        var ids = received.Select(d => Json(d).GetProperty("id").GetInt64()).ToArray();
        Assert.Equal(orders.Select(o => o.Id).Order(), ids.Order());
        Assert.Equal(orders[1].Id, ids[0]);
        Assert.Equal(orders[0].Id, ids[1]);
        AssertTriggeredWhenPlaced(orders, received);
    }

    [Fact]
    public async Task FailureFault_FailedAttemptsAreRetried_UntilEveryDeliveryArrivesOnce()
    {
        var received = new ConcurrentQueue<(byte[] Body, IHeaderDictionary Headers)>();
        await using var receiver = await StartCollectingReceiverAsync(received);
        var faults = new SandboxFaults { Webhooks = new WebhookFaults(FailureProbability: 0.3) };
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, webhookUrl: new Uri(ReceiverUrl(receiver), "hooks"), faults: faults);

        server.World.Advance(3);
        var orders = server.World.Orders();
        await WaitForAsync(() => received.Count >= orders.Count);

        Assert.Equal(orders.Select(o => o.Id), received.Select(d => Json(d).GetProperty("id").GetInt64()));
        AssertTriggeredWhenPlaced(orders, received);
    }

    /// <summary>Every delivery, held back or retried, carries the time its order was placed (ISO 8601 UTC), as Shopify's retries carry the original.</summary>
    private static void AssertTriggeredWhenPlaced(IReadOnlyList<ShopifyOrder> orders, IEnumerable<(byte[] Body, IHeaderDictionary Headers)> deliveries)
    {
        var placed = orders.ToDictionary(o => o.Id, o => o.CreatedAtUtc);
        foreach (var delivery in deliveries)
        {
            var text = delivery.Headers["X-Shopify-Triggered-At"].ToString();
            Assert.EndsWith("Z", text, StringComparison.Ordinal);
            var at = DateTimeOffset.Parse(text, System.Globalization.CultureInfo.InvariantCulture, System.Globalization.DateTimeStyles.AdjustToUniversal);
            Assert.Equal(placed[Json(delivery).GetProperty("id").GetInt64()], at);
        }
    }

    private static string Topic((byte[] Body, IHeaderDictionary Headers) delivery) => delivery.Headers["X-Shopify-Topic"].ToString();

    private static JsonElement Json((byte[] Body, IHeaderDictionary Headers) delivery)
    {
        using var json = JsonDocument.Parse(delivery.Body);
        return json.RootElement.Clone();
    }

    private static async Task WaitForAsync(Func<bool> done)
    {
        // A bound on waiting, not an assertion on time: the assertions that follow say what must have arrived.
        var deadline = Task.Delay(TimeSpan.FromSeconds(60), TimeProvider.System, TestContext.Current.CancellationToken);
        while (!done() && !deadline.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken);
        }

        // Let anything still in flight (a duplicate too many) arrive before the counts are checked.
        await Task.Delay(TimeSpan.FromMilliseconds(300), TimeProvider.System, TestContext.Current.CancellationToken);
    }

    private static Task<WebApplication> StartCollectingReceiverAsync(ConcurrentQueue<(byte[] Body, IHeaderDictionary Headers)> received) =>
        StartReceiverAsync(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            received.Enqueue((buffer.ToArray(), new HeaderDictionary(context.Request.Headers.ToDictionary(h => h.Key, h => h.Value))));
        });

    private static async Task<WebApplication> StartReceiverAsync(RequestDelegate handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hooks", handle);
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    private static Uri ReceiverUrl(WebApplication app) =>
        new(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
}

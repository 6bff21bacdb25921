using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using AdPilot.Core.Simulation;
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

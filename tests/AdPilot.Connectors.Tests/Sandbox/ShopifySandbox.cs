using System.Collections.Concurrent;
using System.Net;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Simulation;
using SandboxServer = AdPilot.Sandbox.SandboxServer;
using SandboxWorld = AdPilot.Sandbox.SandboxWorld;
using AdPilot.Sandbox.Faults;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// A sandbox started in-process on loopback, a <see cref="ShopifyOrdersClient"/> built from configuration exactly as the
/// application builds it (<c>AddShopifyConnector</c>, its resilience pipeline included) and pointed at the sandbox, and
/// optionally a loopback webhook receiver that records every delivery as it arrived.
/// </summary>
internal sealed class ShopifySandbox : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly WebApplication? _receiver;

    private ShopifySandbox(SandboxServer server, ServiceProvider services, WebApplication? receiver, ConcurrentQueue<WebhookDelivery> deliveries)
    {
        Server = server;
        _services = services;
        _receiver = receiver;
        Deliveries = deliveries;
    }

    public SandboxServer Server { get; }

    public SandboxWorld World => Server.World;

    public ShopifyOrdersClient Client => _services.GetRequiredService<ShopifyOrdersClient>();

    /// <summary>Gets the webhook deliveries received, in arrival order.</summary>
    public ConcurrentQueue<WebhookDelivery> Deliveries { get; }

    public static async Task<ShopifySandbox> StartAsync(
        int pageSize = 10, bool webhooks = false, WebhookFaults? faults = null, params (string Key, string Value)[] settings)
    {
        var deliveries = new ConcurrentQueue<WebhookDelivery>();
        WebApplication? receiver = null;
        Uri? hookUrl = null;
        if (webhooks)
        {
            receiver = await StartReceiverAsync(deliveries);
            var address = receiver.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
            hookUrl = new Uri(address.TrimEnd('/') + "/hooks");
        }

        var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(),
            0,
            TestContext.Current.CancellationToken,
            serverTime: new FastTime(),
            webhookUrl: hookUrl,
            faults: new SandboxFaults { Webhooks = faults ?? WebhookFaults.None });
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Shopify:ShopDomain"] = server.ShopDomain,
                ["Shopify:AdminToken"] = server.Credentials.ShopifyAdminToken,
                ["Shopify:WebhookSecret"] = server.Credentials.ShopifyWebhookSecret,
                ["Shopify:BaseUrl"] = server.ShopifyBaseUrl.AbsoluteUri,
                ["Shopify:OrdersPageSize"] = pageSize.ToString(System.Globalization.CultureInfo.InvariantCulture),
            })
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        services.AddShopifyConnector();
        return new ShopifySandbox(server, services.BuildServiceProvider(), receiver, deliveries);
    }

    /// <summary>Reads every order updated at or after <paramref name="since"/>, page by page.</summary>
    public async Task<(List<ShopifyOrder> Orders, int Pages)> PullAsync(DateTimeOffset since)
    {
        var orders = new List<ShopifyOrder>();
        var pages = 0;
        await foreach (var page in Client.GetOrdersUpdatedSinceAsync(since, World.Currency, TestContext.Current.CancellationToken))
        {
            pages++;
            orders.AddRange(page.Orders);
        }

        return (orders, pages);
    }

    /// <summary>Waits until <paramref name="done"/> holds or a generous bound passes; the caller's assertions say what must have arrived.</summary>
    public static async Task WaitForAsync(Func<bool> done)
    {
        var deadline = Task.Delay(TimeSpan.FromSeconds(60), TimeProvider.System, TestContext.Current.CancellationToken);
        while (!done() && !deadline.IsCompleted)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken);
        }
    }

    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_receiver is not null)
        {
            await _receiver.DisposeAsync();
        }

        await _services.DisposeAsync();
    }

    private static async Task<WebApplication> StartReceiverAsync(ConcurrentQueue<WebhookDelivery> deliveries)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers.ToDictionary(h => h.Key, h => h.Value.ToString(), StringComparer.OrdinalIgnoreCase);
            deliveries.Enqueue(new WebhookDelivery(buffer.ToArray(), headers));
            return Results.Ok();
        });
        await app.StartAsync(TestContext.Current.CancellationToken);
        return app;
    }

    /// <summary>
    /// The sandbox server's own clock, running a thousand times faster than real time, so Shopify's cost bucket refills
    /// between the connector's pages instead of making the tests wait.
    /// </summary>
    private sealed class FastTime : TimeProvider
    {
        private readonly long _start = TimeProvider.System.GetTimestamp();

        public override long GetTimestamp() => _start + ((TimeProvider.System.GetTimestamp() - _start) * 1000);
    }
}

/// <summary>One webhook delivery as the receiver got it: the raw body and the headers (names case-insensitive).</summary>
internal sealed record WebhookDelivery(byte[] Body, IReadOnlyDictionary<string, string> Headers)
{
    public string Topic => Headers["X-Shopify-Topic"];

    public string EventId => Headers["X-Shopify-Event-Id"];

    public string WebhookId => Headers["X-Shopify-Webhook-Id"];
}

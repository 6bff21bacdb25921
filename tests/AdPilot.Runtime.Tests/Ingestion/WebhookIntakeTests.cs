using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Ingestion;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Tests.Ingestion;

/// <summary>Shopify webhooks from the sandbox, with duplicates and out-of-order deliveries, into the database.</summary>
public sealed class WebhookIntakeTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task DuplicatedAndReorderedDeliveries_StoreEveryOrderOnceWithItsLatestState(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var outcomes = new List<WebhookOutcome>();
        long storeId = 0;
        WebhookShop? shop = null;
        IngestionStore? store = null;
        await using var receiver = await StartReceiverAsync(async delivery =>
        {
            var outcome = await new WebhookIntake(store!, TimeProvider.System).ReceiveAsync(storeId, delivery, shop!, Ct);
            lock (outcomes)
            {
                outcomes.Add(outcome);
            }

            return outcome == WebhookOutcome.Stored || outcome == WebhookOutcome.Duplicate ? 200 : 401;
        });
        var faults = new SandboxFaults { Webhooks = new WebhookFaults(DuplicateProbability: 0.3, OutOfOrderProbability: 0.3) };
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, webhookUrl: receiver.Url, faults: faults);
        var world = server.World;
        store = new IngestionStore(db.Database, world.Clock);
        storeId = await new StoreDirectory(db.Database, world.Clock).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = server.ShopDomain,
                Currency = world.Currency,
                TimeZone = world.Scenario.Store.TimeZone,
                GrossMargin = 0.6m,
                DataSince = world.StartUtc,
            },
            Ct);
        shop = new WebhookShop(server.ShopDomain, world.Currency, server.Credentials.ShopifyWebhookSecret);

        world.Advance(40);
        var expected = world.Orders();
        var stored = await WaitForAsync(db, storeId, s => s.Orders == expected.Count && s.Refunded == expected.Sum(o => o.TotalRefunded.Amount));

        Assert.Equal(expected.Sum(o => o.Total.Amount), stored.Total);
        Assert.Equal(expected.Count(o => o.CancelledAtUtc is not null), stored.Cancelled);
        Assert.True(expected.Any(o => o.Refunds.Count > 0), "the run must include refunds");
        lock (outcomes)
        {
            Assert.Contains(WebhookOutcome.Duplicate, outcomes);
            Assert.DoesNotContain(WebhookOutcome.BadSignature, outcomes);
        }
    }

    [Fact]
    public async Task BadSignature_StoresNothing()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var time = TimeProvider.System;
        var store = new IngestionStore(db.Database, time);
        var storeId = await new StoreDirectory(db.Database, time).UpsertAsync(
            new StoreProfile { ShopDomain = "s.myshopify.com", Currency = "USD", TimeZone = "UTC", GrossMargin = 0.5m, DataSince = time.GetUtcNow().AddDays(-3) },
            Ct);
        var body = Encoding.UTF8.GetBytes(await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "Fixtures", "rest_order_450789469.shopify-app-js.json"), Ct));
        var shop = new WebhookShop("s.myshopify.com", "USD", "right-secret");
        var forged = Convert.ToBase64String(HMACSHA256.HashData("wrong-secret"u8, body));

        var outcome = await new WebhookIntake(store, time).ReceiveAsync(storeId, new WebhookDelivery("orders/create", "w-1", forged, body), shop, Ct);

        Assert.Equal(WebhookOutcome.BadSignature, outcome);
        Assert.Equal(0, (await StoredOrders.ReadAsync(db, storeId)).Orders);
        Assert.DoesNotContain("right-secret", shop.ToString(), StringComparison.Ordinal);
    }

    private static async Task<StoredOrders> WaitForAsync(TestDatabase db, long storeId, Func<StoredOrders, bool> done)
    {
        // Deliveries arrive over real HTTP in the background; give them a generous minute, then say what was missing.
        var last = await StoredOrders.ReadAsync(db, storeId);
        for (var attempt = 0; attempt < 600 && !done(last); attempt++)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Ct);
            last = await StoredOrders.ReadAsync(db, storeId);
        }

        Assert.True(done(last), $"the webhooks did not bring every order and refund in: {last}");
        return last;
    }

    private static async Task<Receiver> StartReceiverAsync(Func<WebhookDelivery, Task<int>> handle)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(o => o.Listen(System.Net.IPAddress.Loopback, 0));
        var app = builder.Build();
        app.MapPost("/hooks", async (HttpContext context) =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer, context.RequestAborted);
            var headers = context.Request.Headers;
            context.Response.StatusCode = await handle(new WebhookDelivery(
                headers["X-Shopify-Topic"], headers["X-Shopify-Webhook-Id"], headers["X-Shopify-Hmac-Sha256"], buffer.ToArray()));
        });
        await app.StartAsync(Ct);
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        return new Receiver(app, new Uri(address.TrimEnd('/') + "/hooks"));
    }

    private sealed record Receiver(WebApplication App, Uri Url) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => App.DisposeAsync();
    }

    private sealed record StoredOrders(int Orders, decimal Total, decimal Refunded, int Cancelled)
    {
        public static async Task<StoredOrders> ReadAsync(TestDatabase db, long storeId)
        {
            await using var connection = await db.Database.OpenConnectionAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = $"SELECT total, refunded, canceled_at FROM orders WHERE store_id = {storeId}";
            await using var reader = await command.ExecuteReaderAsync(Ct);
            int orders = 0, cancelled = 0;
            decimal total = 0, refunded = 0;
            while (await reader.ReadAsync(Ct))
            {
                orders++;
                total += decimal.Parse(Convert.ToString(reader.GetValue(0), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
                refunded += decimal.Parse(Convert.ToString(reader.GetValue(1), CultureInfo.InvariantCulture)!, CultureInfo.InvariantCulture);
                cancelled += reader.IsDBNull(2) ? 0 : 1;
            }

            return new StoredOrders(orders, total, refunded, cancelled);
        }
    }
}

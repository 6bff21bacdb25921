using AdPilot.Connectors;
using AdPilot.Connectors.Shopify;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Platforms;
using AdPilot.Sandbox;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Runtime.Tests.Infrastructure;

/// <summary>The sandbox-backed platforms from configuration, the Shopify client and the two ETL parts over one database.</summary>
internal sealed class SandboxEtl : IAsyncDisposable
{
    private readonly ServiceProvider _services;
    private readonly SandboxServer _server;

    private SandboxEtl(ServiceProvider services, SandboxServer server, IngestionStore store, long storeId)
    {
        _services = services;
        _server = server;
        Store = store;
        StoreId = storeId;
    }

    public long StoreId { get; }

    public IngestionStore Store { get; }

    /// <summary>Gets the sandbox-backed platforms (the connectors over loopback) and their accounts.</summary>
    public AdPlatforms Platforms => _services.GetRequiredService<AdPlatforms>();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Creates the store and the clients; a page of orders asks for <paramref name="lineItemsPerOrder"/> lines and <paramref name="refundsPerOrder"/> refunds.</summary>
    public static async Task<SandboxEtl> StartAsync(SandboxServer server, TestDatabase db, decimal grossMargin, int lineItemsPerOrder = 1, int refundsPerOrder = 1)
    {
        var world = server.World;
        var storeId = await SandboxSettings.RegisterStoreAsync(server, db, grossMargin);
        var settings = SandboxSettings.For(server);
        settings["Shopify:OrdersPageSize"] = "50";
        settings["Shopify:LineItemsPerOrder"] = lineItemsPerOrder.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Shopify:RefundsPerOrder"] = refundsPerOrder.ToString(System.Globalization.CultureInfo.InvariantCulture);
        settings["Shopify:BulkPollIntervalMilliseconds"] = "50";
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection().AddAdPlatforms(configuration).AddShopifyConnector().BuildServiceProvider();
        return new SandboxEtl(services, server, new IngestionStore(db.Database, world.Clock), storeId);
    }

    public async Task RunAsync()
    {
        var world = _server.World;
        await InsightsAsync(world.Clock.GetUtcNow());
        await OrdersAsync();
    }

    /// <summary>The order half of a cycle at the sandbox's instant: a bulk operation when the pull is expected to bring more than <paramref name="bulkAbove"/> orders.</summary>
    public Task<OrderIngestionResult> OrdersAsync(int bulkAbove = OrderIngestion.DefaultBulkAbove)
    {
        var world = _server.World;
        return new OrderIngestion(Store, _services.GetRequiredService<ShopifyOrdersClient>(), bulkAbove)
            .IngestAsync(StoreId, world.Currency, world.StartUtc, world.Clock.GetUtcNow(), Ct);
    }

    /// <summary>
    /// The platform half of a cycle as it would have run at <paramref name="nowUtc"/> (its 72-hour window ends there);
    /// returns what each account's run checked and stored.
    /// </summary>
    public async Task<IReadOnlyList<InsightsIngestionResult>> InsightsAsync(DateTimeOffset nowUtc)
    {
        var platforms = _services.GetRequiredService<AdPlatforms>();
        var insights = new InsightsIngestion(Store);
        var results = new List<InsightsIngestionResult>();
        foreach (var account in platforms.Accounts)
        {
            results.Add(await insights.IngestAsync(StoreId, account, platforms.For(account), _server.World.TimeZone, nowUtc, Ct));
        }

        return results;
    }

    public ValueTask DisposeAsync() => _services.DisposeAsync();
}

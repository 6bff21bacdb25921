using AdPilot.Core.Domain;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Storage.Tests.Infrastructure;

/// <summary>Test data: a store with one Instagram account, campaign, two ad sets and an ad, and insight rows for them.</summary>
internal static class Builders
{
    public static readonly DateTimeOffset Since = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FakeTimeProvider Clock() => new(new DateTimeOffset(2026, 3, 15, 12, 30, 0, TimeSpan.Zero));

    public static StoreProfile Store(string domain = "example.myshopify.com") => new()
    {
        ShopDomain = domain,
        Currency = "USD",
        TimeZone = "America/New_York",
        GrossMargin = 0.6m,
        TargetRoas = 2.5m,
        DataSince = Since,
    };

    public static AdSetRecord AdSet(string id, decimal? budget = 50m) => new()
    {
        Platform = Platform.Instagram,
        ExternalId = id,
        CampaignExternalId = "c1",
        Name = $"Ad set {id}",
        Status = "ACTIVE",
        DailyBudget = budget,
        Currency = "USD",
        BidStrategy = "lowest_cost",
        TargetAgeGroup = "25-34",
        Interests = ["fitness", "yoga"],
        CreativeGroup = "ugc",
    };

    /// <summary>Creates the store and its ad hierarchy; returns the store id.</summary>
    public static async Task<long> SeedAsync(TestDatabase db, TimeProvider time, params string[] adSets)
    {
        var ct = TestContext.Current.CancellationToken;
        var storeId = await new StoreDirectory(db.Database, time).UpsertAsync(Store(), ct);
        var ingestion = new IngestionStore(db.Database, time);
        await ingestion.UpsertAdAccountsAsync(storeId, [new AdAccountRecord(Platform.Instagram, "act_1", "Main", "USD")], ct);
        await ingestion.UpsertCampaignsAsync(storeId, [new CampaignRecord(Platform.Instagram, "c1", "act_1", "Prospecting", "ACTIVE")], ct);
        await ingestion.UpsertAdSetsAsync(storeId, [.. (adSets.Length == 0 ? ["as1", "as2"] : adSets).Select(id => AdSet(id))], ct);
        return storeId;
    }

    public static InsightRow Insight(string adSet, DateTimeOffset hour, decimal spend = 12.34m, string currency = "USD") =>
        new(Platform.Instagram, InsightEntityType.AdSet, adSet, hour, 1000, 25, spend, currency, 2, 80.5m);
}

using System.Runtime.CompilerServices;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Runtime.Features;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Tests.Features;

public sealed class FeatureStoreTests
{
    private static readonly DateTimeOffset Start = new(2026, 1, 5, 0, 0, 0, TimeSpan.Zero);
    private static readonly AdSetRef A = new(Platform.Instagram, "as-1");
    private static readonly AdSetRef B = new(Platform.Instagram, "as-2");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task StatesAsync_ManyAdSets_ReadsTheAdSetsThenOneHistoryStreamPerPlatform()
    {
        var queries = new FakeQueries();
        queries.AdSets.AddRange(Enumerable.Range(1, 5).Select(i => AdSet(new AdSetRef(Platform.TikTok, $"ag-{i}"))));
        queries.AdSets.AddRange(Enumerable.Range(1, 3).Select(i => AdSet(new AdSetRef(Platform.Instagram, $"as-{i}"))));
        var store = new FeatureStore(queries, new FakeStores());

        var states = await store.StatesAsync(1, Start.AddDays(20), Ct);

        Assert.Equal(8, states.Count);
        Assert.Equal(["adsets", "history", "history", "orders"], queries.Calls.Select(c => c.Kind));
    }

    [Fact]
    public async Task StatesAsync_SameDayAgain_ReadsOnlyTheHistory_AndLearnsSeasonalityAgainTheNextDay()
    {
        var queries = new FakeQueries();
        queries.AdSets.Add(AdSet(A));
        var options = new FeatureStoreOptions { Featurizer = new FeaturizerOptions { HistoryHours = 48 }, SeasonalityDays = 14 };
        var store = new FeatureStore(queries, new FakeStores(), options);
        var hour = Start.AddDays(20).AddHours(5);

        await store.StatesAsync(1, hour, Ct);
        await store.StatesAsync(1, hour.AddHours(1), Ct);
        await store.StatesAsync(1, hour.AddDays(1), Ct);

        var seasonReads = queries.Calls.Where(c => c.Kind == "orders").Select(c => c.From).ToArray();
        var historyReads = queries.Calls.Where(c => c.Kind == "history").Select(c => c.From).ToArray();
        Assert.Equal([Start.AddDays(6), Start.AddDays(7)], seasonReads);
        Assert.Equal([hour.AddHours(-48), hour.AddHours(1).AddHours(-48), hour.AddDays(1).AddHours(-48)], historyReads);
    }

    [Fact]
    public async Task StatesAsync_UtmOrders_CountForTheirAdSetAtTheHourPlaced()
    {
        var hour = Start.AddDays(3);
        var queries = new FakeQueries();
        queries.AdSets.AddRange([AdSet(A), AdSet(B)]);
        queries.Insights.AddRange(
        [
            new InsightRow(Platform.Instagram, InsightEntityType.AdSet, A.ExternalId, hour.AddHours(-3), 4_000, 80, 12.00m, "USD", 1, 50m),
            new InsightRow(Platform.Instagram, InsightEntityType.AdSet, A.ExternalId, hour.AddHours(-2), 5_000, 100, 15.00m, "USD", 2, 60m),
            new InsightRow(Platform.Instagram, InsightEntityType.AdSet, B.ExternalId, hour.AddHours(-2), 3_000, 30, 9.00m, "USD", 0, 0m),
        ]);
        queries.Orders.AddRange(
        [
            Order("1", hour.AddHours(-2).AddMinutes(5), 40m, A),
            Order("2", hour.AddHours(-2).AddMinutes(55), 60m, A) with { CanceledAt = hour, Refunded = 60m },
            Order("3", hour.AddHours(-1).AddMinutes(30), 25m, A),
            Order("4", hour.AddHours(-2).AddMinutes(10), 70m, B),
            Order("5", hour.AddHours(-2).AddMinutes(15), 90m, null),
            Order("6", hour.AddHours(-4), 33m, A), // before A's first reported hour: no clicks to measure it against
        ]);
        var store = new FeatureStore(queries, new FakeStores());

        var states = await store.StatesAsync(1, hour, Ct);

        // The reference: the Core featurizer on hand-built rows, with the account prior from the same totals.
        var rowsA = new[]
        {
            new AdSetHour(hour.AddHours(-3), 12.00m, 4_000, 80, 1, 0, 0m),
            new AdSetHour(hour.AddHours(-2), 15.00m, 5_000, 100, 2, 2, 100m),
            new AdSetHour(hour.AddHours(-1), 0m, 0, 0, 0, 1, 25m),
        };
        var rowsB = new[] { new AdSetHour(hour.AddHours(-2), 9.00m, 3_000, 30, 0, 1, 70m) };
        var prior = AccountPrior.FromTotals(12_000, 210, 4);
        var zone = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
        var featurizer = new Featurizer();
        var expectedA = featurizer.StateAt(hour, rowsA, StoredConfiguration.From(AdSet(A), "USD"), prior, SeasonalityTable.Flat, zone);
        var expectedB = featurizer.StateAt(hour, rowsB, StoredConfiguration.From(AdSet(B), "USD"), prior, SeasonalityTable.Flat, zone);
        Assert.Equal(expectedA, Assert.Single(states, s => s.AdSet == A).State);
        Assert.Equal(expectedB, Assert.Single(states, s => s.AdSet == B).State);
        Assert.Equal(125.0, expectedA.RevenueLast24Hours);
    }

    [Fact]
    public async Task StatesAsync_NotAWholeHour_Throws()
    {
        var store = new FeatureStore(new FakeQueries(), new FakeStores());

        await Assert.ThrowsAsync<ArgumentException>(() => store.StatesAsync(1, Start.AddMinutes(30), Ct));
    }

    private static AdSetRecord AdSet(AdSetRef adSet) => new()
    {
        Platform = adSet.Platform,
        ExternalId = adSet.ExternalId,
        CampaignExternalId = "c-1",
        Name = adSet.ExternalId,
        Status = "ACTIVE",
        DailyBudget = 100m,
        Currency = "USD",
        BidStrategy = "LOWEST_COST_WITHOUT_CAP",
    };

    private static OrderRecord Order(string id, DateTimeOffset createdAt, decimal total, AdSetRef? adSet) => new()
    {
        OrderId = id,
        CreatedAt = createdAt,
        Total = total,
        Currency = "USD",
        AttributionSource = adSet is null ? null : "utm",
        Platform = adSet?.Platform,
        AdSetExternalId = adSet?.ExternalId,
        SourceUpdatedAt = createdAt,
    };

    private sealed class FakeStores : IStoreDirectory
    {
        public Task<long> UpsertAsync(StoreProfile profile, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredStore?> FindAsync(string shopDomain, CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<IReadOnlyList<StoredStore>> ListAsync(CancellationToken cancellationToken) => throw new NotSupportedException();

        public Task<StoredStore?> GetAsync(long storeId, CancellationToken cancellationToken) => Task.FromResult<StoredStore?>(new StoredStore(
            storeId,
            new StoreProfile { ShopDomain = "s.myshopify.com", Currency = "USD", TimeZone = "America/New_York", GrossMargin = 0.6m, DataSince = Start }));
    }

    private sealed class FakeQueries : IFeatureQueries
    {
        public List<AdSetRecord> AdSets { get; } = [];

        public List<InsightRow> Insights { get; } = [];

        public List<OrderRecord> Orders { get; } = [];

        public List<(string Kind, DateTimeOffset From, DateTimeOffset To)> Calls { get; } = [];

        public Task<IReadOnlyList<AdSetRecord>> ListAdSetsAsync(long storeId, CancellationToken cancellationToken)
        {
            Calls.Add(("adsets", default, default));
            return Task.FromResult<IReadOnlyList<AdSetRecord>>(AdSets);
        }

        public Task<IReadOnlyList<InsightRow>> AdSetInsightsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            Calls.Add(("insights", from, to));
            return Task.FromResult<IReadOnlyList<InsightRow>>([.. Insights.Where(r => r.Hour >= from && r.Hour < to)]);
        }

        public Task<IReadOnlyList<(DateTimeOffset HourUtc, long Orders)>> OrderCountsByHourAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            Calls.Add(("orders", from, to));
            return Task.FromResult<IReadOnlyList<(DateTimeOffset HourUtc, long Orders)>>([.. Orders
                .Where(o => o.CreatedAt >= from && o.CreatedAt < to)
                .GroupBy(o => new DateTimeOffset(o.CreatedAt.UtcDateTime.Date.AddHours(o.CreatedAt.UtcDateTime.Hour), TimeSpan.Zero))
                .OrderBy(g => g.Key)
                .Select(g => (g.Key, (long)g.Count()))]);
        }

        public Task<IReadOnlyList<OrderRecord>> OrdersAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            Calls.Add(("all orders", from, to));
            return Task.FromResult<IReadOnlyList<OrderRecord>>([.. Orders.Where(o => o.CreatedAt >= from && o.CreatedAt < to)]);
        }

        public Task<IReadOnlyList<InsightRow>> AdSetInsightsAsync(
            long storeId, Platform platform, IReadOnlyCollection<string> externalIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
        {
            Calls.Add(("insights", from, to));
            return Task.FromResult<IReadOnlyList<InsightRow>>([.. Insights.Where(r => r.Platform == platform && externalIds.Contains(r.EntityExternalId) && r.Hour >= from && r.Hour < to)]);
        }

        public async IAsyncEnumerable<AdSetHistoryRow> AdSetHistoryAsync(
            long storeId, Platform platform, IReadOnlyCollection<string> externalIds, DateTimeOffset from, DateTimeOffset to, [EnumeratorCancellation] CancellationToken cancellationToken)
        {
            Calls.Add(("history", from, to));
            var insights = Insights
                .Where(r => r.Platform == platform && externalIds.Contains(r.EntityExternalId) && r.Hour >= from && r.Hour < to)
                .Select(r => new AdSetHistoryRow(r.EntityExternalId, false, r.Hour, r.Impressions, r.Clicks, r.Spend, r.Purchases, 0, 0));
            var orders = Orders
                .Where(o => o.CreatedAt >= from && o.CreatedAt < to && o.AttributionSource == "utm" && o.Platform == platform && externalIds.Contains(o.AdSetExternalId!))
                .GroupBy(o => (Id: o.AdSetExternalId!, Hour: new DateTimeOffset(o.CreatedAt.UtcDateTime.Date.AddHours(o.CreatedAt.UtcDateTime.Hour), TimeSpan.Zero)))
                .Select(g => new AdSetHistoryRow(g.Key.Id, true, g.Key.Hour, 0, 0, 0, 0, g.Count(), g.Sum(o => o.Total)));
            foreach (var row in insights.Concat(orders).OrderBy(r => r.AdSetExternalId, StringComparer.Ordinal).ThenBy(r => r.IsOrders).ThenBy(r => r.HourUtc))
            {
                await Task.Yield();
                yield return row;
            }
        }

        public Task<IReadOnlyList<OrderRecord>> OrdersUpdatedAfterAsync(
            long storeId, DateTimeOffset? updatedAfter, DateTimeOffset createdFrom, DateTimeOffset createdTo, CancellationToken cancellationToken)
        {
            Calls.Add(("changed orders", createdFrom, createdTo));
            return Task.FromResult<IReadOnlyList<OrderRecord>>(
                [.. Orders.Where(o => o.CreatedAt >= createdFrom && o.CreatedAt < createdTo && (updatedAfter is null || o.SourceUpdatedAt > updatedAfter))]);
        }
    }
}

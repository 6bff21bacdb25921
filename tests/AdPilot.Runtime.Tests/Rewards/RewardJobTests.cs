using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Rewards;
using AdPilot.Runtime.Rewards;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Rewards;

/// <summary>The reward job over stored insights and orders, on SQLite and PostgreSQL.</summary>
public sealed class RewardJobTests(PostgresCluster cluster)
{
    private const string Currency = "USD";
    private static readonly DateTimeOffset T0 = new(2026, 3, 2, 10, 0, 0, TimeSpan.Zero);
    private static readonly AdSetRef Meta = new(Platform.Instagram, "as-1");
    private static readonly AdSetRef TikTok = new(Platform.TikTok, "ag-1");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RunAsync_StoredRows_ProfitIsRevenueMinusCogsMinusSpendPerAdSetHour(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var world = await World.CreateAsync(db);

        var scored = await world.Job.RunAsync(world.StoreId, T0.AddHours(3), Ct);

        var stored = await world.StoredAsync();
        var expected = new Dictionary<(AdSetRef, DateTimeOffset), (decimal Revenue, decimal Cogs, decimal Spend)>
        {
            // 100.00 with no known cost of goods: 40% of it at a 0.6 margin.
            [(Meta, T0)] = (100.00m, 40.00m, 10.00m),
            // 50.00 with its unit costs known (15.00); the untagged 30.00 order of the same hour is nobody's under UTM.
            [(Meta, T0.AddHours(1))] = (50.00m, 15.00m, 12.50m),
            [(Meta, T0.AddHours(2))] = (0m, 0m, 9.00m),
            [(Meta, T0.AddHours(3))] = (0m, 0m, 11.00m),
            [(TikTok, T0)] = (0m, 0m, 5.00m),
            [(TikTok, T0.AddHours(1))] = (0m, 0m, 6.00m),
            // A cancelled order counts for nothing: only the 80.00 one (32.00 cost of goods) is left.
            [(TikTok, T0.AddHours(2))] = (80.00m, 32.00m, 7.25m),
            [(TikTok, T0.AddHours(3))] = (0m, 0m, 4.00m),
        };
        Assert.Equal(expected.Count, stored.Count);
        foreach (var ((adSet, hour), (revenue, cogs, spend)) in expected)
        {
            var row = Assert.Single(stored, r => r.AdSet == adSet && r.Hour == hour);
            Assert.Equal((revenue, cogs, spend, revenue - cogs - spend, Currency), (row.Revenue, row.Cogs, row.Spend, row.Profit, row.Currency));
        }

        Assert.Equal(expected.Count, scored.Count);
        Assert.All(scored, r => Assert.Equal(r.Revenue - r.Cogs - r.Spend, r.Components.Single(c => c.Name == RewardComponent.Profit).Amount));
        Assert.Equal(1m, scored.Single(r => r.AdSet == TikTok && r.HourUtc == T0.AddHours(2)).Conversions);
    }

    [Fact]
    public async Task RunAsync_StoredDetails_KeepTheComponentsAndExactConversions()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var world = await World.CreateAsync(db, new RewardJobOptions { Rewards = new RewardOptions { LagHours = 1 } });

        var scored = await world.Job.RunAsync(world.StoreId, T0.AddHours(3), Ct);

        // T0+1 keeps half of its own 50.00 order: half a conversion, which the integer column rounds to 0.
        var reward = scored.Single(r => r.AdSet == Meta && r.HourUtc == T0.AddHours(1));
        var row = Assert.Single(await world.StoredAsync(), r => r.AdSet == Meta && r.Hour == T0.AddHours(1));
        var details = JsonSerializer.Deserialize<JsonElement>(row.Details!);
        Assert.Equal(0.5m, reward.Conversions);
        Assert.Equal(0, row.Conversions);
        Assert.Equal("utm", details.GetProperty("source").GetString(), ignoreCase: true);
        Assert.Equal(reward.Conversions, details.GetProperty("conversions").GetDecimal());
        Assert.Equal(
            reward.Components.Select(c => (c.Name, c.Amount)),
            details.GetProperty("components").EnumerateArray().Select(c => (c.GetProperty("name").GetString()!, c.GetProperty("amount").GetDecimal())));
        Assert.Equal(reward.Modelled.Revenue, details.GetProperty("modelled").GetProperty("revenue").GetDecimal());
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RunAsync_LateRefund_RescoresOnlyTheOrdersHour(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var world = await World.CreateAsync(db);
        await world.Job.RunAsync(world.StoreId, T0.AddHours(3), Ct);
        var before = await world.StoredAsync();

        // The next hour: new delivery, and 40.00 of the first hour's 100.00 order refunded.
        world.Time.Advance(TimeSpan.FromHours(1));
        await world.InsightsAsync(T0.AddHours(4), 8.00m, 3.00m);
        await world.Store.UpsertOrdersAsync(world.StoreId, [World.Order("1001", T0.AddMinutes(10), 100.00m, null, Meta) with { Refunded = 40.00m, SourceUpdatedAt = T0.AddHours(4).AddMinutes(30) }], Ct);
        var scored = await world.Job.RunAsync(world.StoreId, T0.AddHours(4), Ct);
        var after = await world.StoredAsync();

        Assert.Equal(
            [Label(Meta, T0), Label(Meta, T0.AddHours(4)), Label(TikTok, T0), Label(TikTok, T0.AddHours(4))],
            scored.Select(r => Label(r.AdSet, r.HourUtc)).Order(StringComparer.Ordinal));
        var refunded = Assert.Single(after, r => r.AdSet == Meta && r.Hour == T0);

        // 60.00 kept; the refund returns 40% of the 40.00 cost of goods.
        Assert.Equal((60.00m, 24.00m, 10.00m, 26.00m), (refunded.Revenue, refunded.Cogs, refunded.Spend, refunded.Profit));
        Assert.Equal(before.Where(r => !(r.AdSet == Meta && r.Hour == T0)), after.Where(r => !(r.AdSet == Meta && r.Hour == T0) && r.Hour < T0.AddHours(4)));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task ScoreHourAsync_StoresOnlyTheScopesAdSets_AndRescoreChangesAsyncTakesTheLateRefundOnceForTheStore(DatabaseDialect dialect)
    {
        var options = new RewardJobOptions { Rewards = new RewardOptions { LagHours = 1 } };
        await using var whole = await TestDatabase.CreateAsync(cluster, dialect);
        var storeWide = await World.CreateAsync(whole, options);
        await storeWide.Job.RunAsync(storeWide.StoreId, T0.AddHours(3), Ct);
        var expected = (await storeWide.StoredAsync()).Where(r => r.Hour >= T0.AddHours(2)).ToArray();
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var world = await World.CreateAsync(db, options);
        var meta = new HashSet<AdSetRef> { Meta };
        var tikTok = new HashSet<AdSetRef> { TikTok };

        // Each account's cycle scores the hour and its lag hour for its own ad sets, with the store-wide attribution.
        var metaScored = await world.Job.ScoreHourAsync(world.StoreId, T0.AddHours(3), meta, Ct);
        var afterMeta = await world.StoredAsync();
        await world.Job.ScoreHourAsync(world.StoreId, T0.AddHours(3), tikTok, Ct);

        Assert.Equal([Label(Meta, T0.AddHours(2)), Label(Meta, T0.AddHours(3))], metaScored.Select(r => Label(r.AdSet, r.HourUtc)));
        Assert.Equal(expected.Where(r => r.AdSet == Meta), afterMeta);
        Assert.Equal(expected, await world.StoredAsync());

        // The store's first rescoring takes every order placed so far; a refund of the first hour's Meta order the hour
        // after is rescored once, for the whole store, and the next rescoring has nothing left to do.
        Assert.True(await world.Job.RescoreChangesAsync(world.StoreId, T0.AddHours(3), Ct) > 0);
        world.Time.Advance(TimeSpan.FromHours(1));
        await world.InsightsAsync(T0.AddHours(4), 8.00m, 3.00m);
        await world.Store.UpsertOrdersAsync(world.StoreId, [World.Order("1001", T0.AddMinutes(10), 100.00m, null, Meta) with { Refunded = 40.00m, SourceUpdatedAt = T0.AddHours(4).AddMinutes(30) }], Ct);
        var hourScored = await world.Job.ScoreHourAsync(world.StoreId, T0.AddHours(4), meta, Ct);
        var rescored = await world.Job.RescoreChangesAsync(world.StoreId, T0.AddHours(4), Ct);
        var again = await world.Job.RescoreChangesAsync(world.StoreId, T0.AddHours(4), Ct);

        Assert.DoesNotContain(hourScored, r => r.HourUtc == T0);
        Assert.Equal(2, rescored); // both ad sets' first hour: the refund changed nothing else
        Assert.Equal(0, again);
        // With one lag hour, T0 keeps half of the 60.00 left of its order and gets half of the next hour's 50.00.
        var refunded = Assert.Single(await world.StoredAsync(), r => r.AdSet == Meta && r.Hour == T0);
        Assert.Equal(30.00m + 25.00m, refunded.Revenue);
    }

    [Fact]
    public async Task RunAsync_LongRunReadHourByHour_StoresWhatOneReadWould()
    {
        // Every order of the four hours is new to the first run, and each reaches two hours back.
        var options = new RewardJobOptions { Rewards = new RewardOptions { LagHours = 2 } };
        await using var wholeDb = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var whole = await World.CreateAsync(wholeDb, options);
        await using var hourlyDb = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var hourly = await World.CreateAsync(hourlyDb, options);
        var oneHourReads = new RewardJob(new FeatureQueries(hourlyDb.Database), new StoreDirectory(hourlyDb.Database, hourly.Time), new RewardStore(hourlyDb.Database, hourly.Time), hourly.Store, options)
        {
            HoursPerRead = 1,
        };

        var inOneRead = await whole.Job.RunAsync(whole.StoreId, T0.AddHours(3), Ct);
        var inFourReads = await oneHourReads.RunAsync(hourly.StoreId, T0.AddHours(3), Ct);

        Assert.Equal(4 * 2, inOneRead.Count);
        Assert.Equal(inOneRead.Select(World.Key), inFourReads.Select(World.Key));
        Assert.Equal(await whole.StoredAsync(), await hourly.StoredAsync());
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RunAsync_RunAgain_ScoresOnlyTheHourAndChangesNothing(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var world = await World.CreateAsync(db);
        var first = await world.Job.RunAsync(world.StoreId, T0.AddHours(3), Ct);
        var stored = await world.StoredAsync();

        var again = await world.Job.RunAsync(world.StoreId, T0.AddHours(3), Ct);

        Assert.Equal([Label(Meta, T0.AddHours(3)), Label(TikTok, T0.AddHours(3))], again.Select(r => Label(r.AdSet, r.HourUtc)).Order(StringComparer.Ordinal));
        Assert.Equal(first.Where(r => r.HourUtc == T0.AddHours(3)).Select(World.Key), again.Select(World.Key));
        Assert.Equal(stored, await world.StoredAsync());
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RunAsync_WithLag_SpreadsRevenueOverTheHoursBefore(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var world = await World.CreateAsync(db, new RewardJobOptions { Rewards = new RewardOptions { LagHours = 1 } });

        await world.Job.RunAsync(world.StoreId, T0.AddHours(3), Ct);

        var stored = await world.StoredAsync();

        // Each order is split evenly with the hour before: T0 keeps half of its own 100.00 order (the other half goes
        // to the hour before the store's data, which is not scored) and gets half of T0+1's 50.00 one.
        var first = Assert.Single(stored, r => r.AdSet == Meta && r.Hour == T0);
        var second = Assert.Single(stored, r => r.AdSet == Meta && r.Hour == T0.AddHours(1));
        Assert.DoesNotContain(stored, r => r.Hour < T0);
        Assert.Equal((75.00m, 27.50m), (first.Revenue, first.Cogs));
        Assert.Equal((25.00m, 7.50m), (second.Revenue, second.Cogs));
    }

    private static string Label(AdSetRef adSet, DateTimeOffset hour) => $"{adSet.Platform}/{adSet.ExternalId}@{hour:yyyy-MM-ddTHH}";

    /// <summary>A store with two ad sets, four hours of delivery and a handful of orders, and the job over it.</summary>
    private sealed class World
    {
        private World(TestDatabase db, FakeTimeProvider time, IngestionStore store, long storeId, RewardJob job)
        {
            Db = db;
            Time = time;
            Store = store;
            StoreId = storeId;
            Job = job;
        }

        public TestDatabase Db { get; }

        public FakeTimeProvider Time { get; }

        public IngestionStore Store { get; }

        public long StoreId { get; }

        public RewardJob Job { get; }

        public static async Task<World> CreateAsync(TestDatabase db, RewardJobOptions? options = null)
        {
            var time = new FakeTimeProvider(T0.AddHours(4));
            var stores = new StoreDirectory(db.Database, time);
            var storeId = await stores.UpsertAsync(
                new StoreProfile { ShopDomain = "rewards.myshopify.com", Currency = Currency, TimeZone = "America/New_York", GrossMargin = 0.6m, DataSince = T0 },
                Ct);
            var store = new IngestionStore(db.Database, time);
            await store.UpsertAdAccountsAsync(storeId, [new(Platform.Instagram, "act_1", "Meta", Currency), new(Platform.TikTok, "adv_1", "TikTok", Currency)], Ct);
            await store.UpsertCampaignsAsync(storeId, [new(Platform.Instagram, "c-1", "act_1", "c-1", "ACTIVE"), new(Platform.TikTok, "c-2", "adv_1", "c-2", "ENABLE")], Ct);
            await store.UpsertAdSetsAsync(
                storeId,
                [
                    new AdSetRecord { Platform = Platform.Instagram, ExternalId = Meta.ExternalId, CampaignExternalId = "c-1", Name = "meta", Status = "ACTIVE", DailyBudget = 240m, Currency = Currency },
                    new AdSetRecord { Platform = Platform.TikTok, ExternalId = TikTok.ExternalId, CampaignExternalId = "c-2", Name = "tiktok", Status = "ENABLE", DailyBudget = 120m, Currency = Currency },
                ],
                Ct);
            var world = new World(db, time, store, storeId, new RewardJob(new FeatureQueries(db.Database), stores, new RewardStore(db.Database, time), store, options));
            await world.InsightsAsync(T0, 10.00m, 5.00m);
            await world.InsightsAsync(T0.AddHours(1), 12.50m, 6.00m);
            await world.InsightsAsync(T0.AddHours(2), 9.00m, 7.25m);
            await world.InsightsAsync(T0.AddHours(3), 11.00m, 4.00m);
            await store.UpsertOrdersAsync(
                storeId,
                [
                    Order("1001", T0.AddMinutes(10), 100.00m, null, Meta),
                    Order("1002", T0.AddHours(1).AddMinutes(20), 50.00m, 15.00m, Meta),
                    Order("1003", T0.AddHours(1).AddMinutes(40), 30.00m, null, null),
                    Order("1004", T0.AddHours(2).AddMinutes(30), 80.00m, null, TikTok),
                    Order("1005", T0.AddHours(2).AddMinutes(45), 70.00m, null, TikTok) with { CanceledAt = T0.AddHours(3), SourceUpdatedAt = T0.AddHours(3) },
                ],
                Ct);
            return world;
        }

        public static OrderRecord Order(string id, DateTimeOffset createdAt, decimal total, decimal? cogs, AdSetRef? adSet) => new()
        {
            OrderId = id,
            CreatedAt = createdAt,
            Total = total,
            Cogs = cogs,
            Currency = Currency,
            AttributionSource = adSet is null ? null : "utm",
            UtmCampaign = adSet is null ? null : "adpilot",
            Platform = adSet?.Platform,
            AdSetExternalId = adSet?.ExternalId,
            SourceUpdatedAt = createdAt,
        };

        public static (AdSetRef, DateTimeOffset, decimal, decimal, decimal, decimal) Key(AdSetHourReward r) => (r.AdSet, r.HourUtc, r.Revenue, r.Cogs, r.Spend, r.Reward);

        public Task<int> InsightsAsync(DateTimeOffset hour, decimal metaSpend, decimal tikTokSpend) => Store.LoadInsightsAsync(
            StoreId,
            [
                new InsightRow(Platform.Instagram, InsightEntityType.AdSet, Meta.ExternalId, hour, 1_000, 20, metaSpend, Currency, 1, 90m),
                new InsightRow(Platform.TikTok, InsightEntityType.AdSet, TikTok.ExternalId, hour, 800, 10, tikTokSpend, Currency, 0, 0m),
            ],
            Ct);

        public Task<IReadOnlyList<RewardRecord>> StoredAsync() =>
            new RewardStore(Db.Database, Time).ListAsync(StoreId, null, T0.AddDays(-1), T0.AddDays(1), Ct);
    }
}

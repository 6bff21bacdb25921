using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Rewards;

public sealed class RewardStoreTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 1, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Upsert_Recomputed_ReplacesTheHourExactly(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new RewardStore(db.Database, clock);
        var as1 = new AdSetRef(Platform.Instagram, "as1");
        var first = new RewardRecord(as1, Hour, 100.10m, 40.05m, 40.04m, 20.01m, "USD", 2.4994, 1.5, 2, 20.01);
        var late = first with { Revenue = 150.10m, Profit = 50.01m, Conversions = 3, Reward = 50.01 };

        await store.UpsertAsync(storeId, [first, first with { Hour = Hour.AddHours(1), Roas = null, MarginRoas = null }], TestContext.Current.CancellationToken);
        await store.UpsertAsync(storeId, [late], TestContext.Current.CancellationToken);
        var rows = await store.ListAsync(storeId, as1, Hour, Hour.AddHours(2), TestContext.Current.CancellationToken);

        Assert.Equal([late, first with { Hour = Hour.AddHours(1), Roas = null, MarginRoas = null }], rows);
        await Assert.ThrowsAsync<ArgumentException>(() => store.UpsertAsync(storeId, [first with { Reward = double.NaN }], TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Upsert_WithDetails_RoundTripsThemAndReplacesThemOnRecompute(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new RewardStore(db.Database, clock);
        var as1 = new AdSetRef(Platform.TikTok, "ag1");
        var first = new RewardRecord(as1, Hour, 60m, 10m, 24m, 26m, "USD", 6, 3.6, 1, 27.1, """{"source":"utm","conversions":0.5}""");
        var recomputed = first with { Details = """{"source":"utm","conversions":1}""" };

        await store.UpsertAsync(storeId, [first], TestContext.Current.CancellationToken);
        var stored = await store.ListAsync(storeId, as1, Hour, Hour.AddHours(1), TestContext.Current.CancellationToken);
        await store.UpsertAsync(storeId, [recomputed], TestContext.Current.CancellationToken);
        var replaced = await store.ListAsync(storeId, as1, Hour, Hour.AddHours(1), TestContext.Current.CancellationToken);
        await store.UpsertAsync(storeId, [recomputed with { Details = null }], TestContext.Current.CancellationToken);
        var cleared = await store.ListAsync(storeId, as1, Hour, Hour.AddHours(1), TestContext.Current.CancellationToken);

        Assert.Equal([first], stored);
        Assert.Equal([recomputed], replaced);
        Assert.Null(Assert.Single(cleared).Details);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task HourlyTotals_SumRevenueAndSpendExactlyPerHour_OverTheNamedAdSetsOfOnePlatform(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new RewardStore(db.Database, clock);
        RewardRecord Reward(Platform platform, string id, int hour, decimal revenue, decimal spend) =>
            new(new AdSetRef(platform, id), Hour.AddHours(hour), revenue, spend, 0m, revenue - spend, "USD", null, null, 0, 0, """{"big":"details"}""");
        await store.UpsertAsync(
            storeId,
            [
                Reward(Platform.Instagram, "as1", 0, 0.1m, 0.2m),
                Reward(Platform.Instagram, "as2", 0, 0.2m, 0.1m),
                Reward(Platform.Instagram, "as1", 1, 10m, 3.33m),
                Reward(Platform.Instagram, "as3", 1, 99m, 99m),
                Reward(Platform.TikTok, "as1", 1, 50m, 50m),
                Reward(Platform.Instagram, "as1", 3, 7m, 1m),
                Reward(Platform.Instagram, "as1", -1, 7m, 1m),
            ],
            ct);

        var totals = await store.HourlyTotalsAsync(storeId, Platform.Instagram, ["as1", "as2"], Hour, Hour.AddHours(3), ct);

        Assert.Equal([new RewardHourTotals(Hour, 0.3m, 0.3m), new RewardHourTotals(Hour.AddHours(1), 10m, 3.33m)], totals);
        Assert.Empty(await store.HourlyTotalsAsync(storeId, Platform.Instagram, [], Hour, Hour.AddHours(3), ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task StoreHourlyTotals_SumEveryAdSetOfEveryPlatformExactlyPerHour_OnlyOfTheStore(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var otherStore = await new AdPilot.Storage.Stores.StoreDirectory(db.Database, clock).UpsertAsync(Builders.Store("other.myshopify.com"), ct);
        var store = new RewardStore(db.Database, clock);
        RewardRecord Reward(Platform platform, string id, int hour, decimal revenue, decimal spend) =>
            new(new AdSetRef(platform, id), Hour.AddHours(hour), revenue, spend, 0m, revenue - spend, "USD", null, null, 0, 0);
        await store.UpsertAsync(
            storeId,
            [
                Reward(Platform.Instagram, "as1", 0, 0.1m, 0.2m),
                Reward(Platform.TikTok, "tt1", 0, 0.2m, 0.1m),
                Reward(Platform.Instagram, "as2", 1, 10m, 3.33m),
                Reward(Platform.TikTok, "tt1", 1, 5m, 1.11m),
                Reward(Platform.Instagram, "as1", 2, 7m, 1m),
                Reward(Platform.Instagram, "as1", -1, 7m, 1m),
            ],
            ct);
        await store.UpsertAsync(otherStore, [Reward(Platform.Instagram, "as1", 0, 1000m, 1000m)], ct);

        var totals = await store.StoreHourlyTotalsAsync(storeId, Hour, Hour.AddHours(2), ct);

        Assert.Equal([new RewardHourTotals(Hour, 0.3m, 0.3m), new RewardHourTotals(Hour.AddHours(1), 15m, 4.44m)], totals);
        Assert.Empty(await store.StoreHourlyTotalsAsync(storeId, Hour.AddHours(3), Hour.AddHours(9), ct));
    }
}

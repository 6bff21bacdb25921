using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Snapshots;

public sealed class BudgetSnapshotStoreTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LatestHumanBudgets_IgnoresAdPilotsOwnChanges(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new BudgetSnapshotStore(db.Database);
        var as1 = new AdSetRef(Platform.Instagram, "as1");
        var as2 = new AdSetRef(Platform.TikTok, "ag9");
        var t = clock.GetUtcNow();
        BudgetSnapshot[] snapshots =
        [
            new(as1, 40m, "USD", t.AddDays(-3), BudgetSetter.Human),
            new(as1, 55.5m, "USD", t.AddDays(-2), BudgetSetter.Human, AdSetStatus.Paused),
            new(as1, 70m, "USD", t.AddDays(-1), BudgetSetter.AdPilot),
            new(as2, 20m, "USD", t.AddDays(-1), BudgetSetter.Human, AdSetStatus.Active),
        ];

        await store.SaveAsync(storeId, snapshots, TestContext.Current.CancellationToken);
        await store.SaveAsync(storeId, snapshots, TestContext.Current.CancellationToken);
        var latest = await store.LatestHumanBudgetsAsync(storeId, TestContext.Current.CancellationToken);

        Assert.Equal([snapshots[3], snapshots[1]], latest.OrderBy(s => s.AdSet.ExternalId, StringComparer.Ordinal));
        Assert.Equal(snapshots[1].CapturedAt, await store.LatestHumanCaptureAsync(storeId, as1, TestContext.Current.CancellationToken));
        Assert.Null(await store.LatestHumanCaptureAsync(storeId, new AdSetRef(Platform.TikTok, "never"), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LatestHumanBudgets_SnapshotWithoutStatus_ReadsBackWithoutOne(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new BudgetSnapshotStore(db.Database);
        var snapshot = new BudgetSnapshot(new AdSetRef(Platform.Instagram, "as1"), 40m, "USD", clock.GetUtcNow(), BudgetSetter.Human);

        await store.SaveAsync(storeId, [snapshot], TestContext.Current.CancellationToken);

        Assert.Null(Assert.Single(await store.LatestHumanBudgetsAsync(storeId, TestContext.Current.CancellationToken)).Status);
    }
}

using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Checkpoints;

public sealed class CheckpointStoreTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Promote_RetiresThePreviousActiveOne(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new CheckpointStore(db.Database, clock);
        var v1 = new CheckpointRecord("v1", "dqn", "/ckpt/v1.ckpt", """{"episodes":10}""");
        var v2 = new CheckpointRecord("v2", "dqn", "/ckpt/v2.ckpt", """{"episodes":20}""");

        await store.RegisterAsync(storeId, v1, TestContext.Current.CancellationToken);
        await store.RegisterAsync(storeId, v1, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.RegisterAsync(storeId, v2, TestContext.Current.CancellationToken);
        await store.PromoteAsync(storeId, "v1", TestContext.Current.CancellationToken);
        var active = await store.PromoteAsync(storeId, "v2", TestContext.Current.CancellationToken);
        var all = await store.ListAsync(storeId, TestContext.Current.CancellationToken);

        Assert.Equal(("v2", CheckpointStatus.Active), (active.Checkpoint.Version, active.Status));
        Assert.Equal("v2", (await store.GetActiveAsync(storeId, TestContext.Current.CancellationToken))!.Checkpoint.Version);
        Assert.Equal([("v2", CheckpointStatus.Active), ("v1", CheckpointStatus.Retired)], all.Select(c => (c.Checkpoint.Version, c.Status)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RegisterAsync(storeId, v1 with { ModelBlobLocation = "/other" }, TestContext.Current.CancellationToken));
    }
}

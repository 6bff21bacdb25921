using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Migrations;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;
using DbUp;
using DbUp.Builder;

namespace AdPilot.Storage.Tests.Checkpoints;

public sealed class CheckpointStoreTests(PostgresCluster cluster)
{
    private static readonly CheckpointRecord V1 = new("v1", "dqn", "/ckpt/v1.ckpt", """{"episodes":10}""");
    private static readonly CheckpointRecord V2 = new("v2", "dqn", "/ckpt/v2.ckpt", """{"episodes":20}""");
    private static readonly CheckpointRecord V3 = new("v3", "bandit", "/ckpt/v3.ckpt", """{"episodes":30}""");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Promote_RetiresThePreviousActiveOne_AndRecordsWhoDecided(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new CheckpointStore(db.Database, clock);

        await store.RegisterAsync(storeId, V1, Ct);
        await store.RegisterAsync(storeId, V1, Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await store.RegisterAsync(storeId, V2, Ct);
        var first = await store.PromoteAsync(storeId, "v1", new CheckpointDecision("alice", "first trained agent"), Ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await store.PromoteAsync(storeId, "v2", new CheckpointDecision("retraining"), Ct);
        var again = await store.PromoteAsync(storeId, "v2", new CheckpointDecision("bob"), Ct);
        var all = await store.ListAsync(storeId, Ct);
        var history = await store.HistoryAsync(storeId, Ct);

        Assert.Equal((null, true), (first.Previous, first.Changed));
        Assert.Equal(("v2", CheckpointStatus.Active, "v1", true), (second.Active.Checkpoint.Version, second.Active.Status, second.Previous, second.Changed));
        Assert.Equal(("v2", false), (again.Active.Checkpoint.Version, again.Changed));
        Assert.Equal(clock.GetUtcNow(), second.Active.PromotedAt);
        Assert.Equal("v2", (await store.GetActiveAsync(storeId, Ct))!.Checkpoint.Version);
        Assert.Equal([("v2", CheckpointStatus.Active), ("v1", CheckpointStatus.Retired)], all.Select(c => (c.Checkpoint.Version, c.Status)));
        Assert.Equal(
            [
                ("v2", "v1", CheckpointChangeKind.Promote, "retraining", (string?)null, clock.GetUtcNow()),
                ("v1", null, CheckpointChangeKind.Promote, "alice", "first trained agent", clock.GetUtcNow().AddMinutes(-1)),
            ],
            history.Select(h => (h.Version, h.PreviousVersion, h.Kind, h.DecidedBy, h.Note, h.DecidedAt)));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RegisterAsync(storeId, V1 with { ModelBlobLocation = "/other" }, Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Rollback_ToAVersionThatServed_MakesItActiveAgain_AndRefusesOneThatNeverServed(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new CheckpointStore(db.Database, clock);
        foreach (var record in new[] { V1, V2, V3 })
        {
            await store.RegisterAsync(storeId, record, Ct);
        }

        await store.PromoteAsync(storeId, "v1", new CheckpointDecision("alice"), Ct);
        await store.PromoteAsync(storeId, "v2", new CheckpointDecision("alice"), Ct);

        var neverServed = await Assert.ThrowsAsync<CheckpointRegistryException>(() => store.RollbackAsync(storeId, "v3", new CheckpointDecision("bob"), Ct));
        var unknown = await Assert.ThrowsAsync<CheckpointRegistryException>(() => store.RollbackAsync(storeId, "v9", new CheckpointDecision("bob"), Ct));
        await Assert.ThrowsAsync<CheckpointRegistryException>(() => store.PromoteAsync(storeId, "v9", new CheckpointDecision("bob"), Ct));
        Assert.Equal("v2", (await store.GetActiveAsync(storeId, Ct))!.Checkpoint.Version);
        clock.Advance(TimeSpan.FromHours(1));
        var back = await store.RollbackAsync(storeId, "v1", new CheckpointDecision("bob", "v2 overspent"), Ct);
        var same = await store.RollbackAsync(storeId, "v1", new CheckpointDecision("bob"), Ct);

        Assert.Contains("'v3' has never been active", neverServed.Message, StringComparison.Ordinal);
        Assert.Contains("'v9' is not registered", unknown.Message, StringComparison.Ordinal);
        Assert.Equal(("v1", CheckpointStatus.Active, "v2", true), (back.Active.Checkpoint.Version, back.Active.Status, back.Previous, back.Changed));
        Assert.False(same.Changed);
        Assert.Equal(CheckpointStatus.Retired, (await store.GetAsync(storeId, "v2", Ct))!.Status);
        Assert.Equal(CheckpointStatus.Candidate, (await store.GetAsync(storeId, "v3", Ct))!.Status);
        Assert.Null(await store.GetAsync(storeId, "v9", Ct));
        var latest = (await store.HistoryAsync(storeId, Ct))[0];
        Assert.Equal(("v1", "v2", CheckpointChangeKind.Rollback, "bob", "v2 overspent"), (latest.Version, latest.PreviousVersion, latest.Kind, latest.DecidedBy, latest.Note));
        Assert.Equal(3, (await store.HistoryAsync(storeId, Ct)).Count);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Promote_ForAnotherStore_DoesNotTouchThisStoresVersions(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var other = await new AdPilot.Storage.Stores.StoreDirectory(db.Database, clock).UpsertAsync(Builders.Store("other.myshopify.com"), Ct);
        var store = new CheckpointStore(db.Database, clock);
        await store.RegisterAsync(storeId, V1, Ct);
        await store.RegisterAsync(other, V1, Ct);
        await store.PromoteAsync(storeId, "v1", new CheckpointDecision("alice"), Ct);

        await store.PromoteAsync(other, "v1", new CheckpointDecision("carol"), Ct);

        Assert.Equal(CheckpointStatus.Active, (await store.GetActiveAsync(storeId, Ct))!.Status);
        Assert.Single(await store.HistoryAsync(storeId, Ct));
        Assert.Equal("carol", Assert.Single(await store.HistoryAsync(other, Ct)).DecidedBy);
        await Assert.ThrowsAsync<CheckpointRegistryException>(() => store.RollbackAsync(other, "v2", new CheckpointDecision("carol"), Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Promote_WithoutADecider_IsRefusedAndChangesNothing(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new CheckpointStore(db.Database, clock);
        await store.RegisterAsync(storeId, V1, Ct);

        await Assert.ThrowsAsync<ArgumentException>(() => store.PromoteAsync(storeId, "v1", new CheckpointDecision(" "), Ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.PromoteAsync(storeId, "v1", new CheckpointDecision("alice", new string('x', 1001)), Ct));

        Assert.Null(await store.GetActiveAsync(storeId, Ct));
        Assert.Empty(await store.HistoryAsync(storeId, Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Migration0007_CountsVersionsPromotedBeforeIt_AsHavingServed(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect, migrated: false);
        var prefix = $"{typeof(DatabaseMigrator).Namespace}.{dialect}.";
        UpgradeEngineBuilder builder = dialect == DatabaseDialect.Sqlite
            ? DeployChanges.To.SqliteDatabase(db.Target.ConnectionString)
            : DeployChanges.To.PostgresqlDatabase(db.Target.ConnectionString);
        var upTo6 = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, n => n.StartsWith(prefix, StringComparison.Ordinal) && string.CompareOrdinal(n, prefix + "0007") < 0)
            .LogToNowhere()
            .Build()
            .PerformUpgrade();
        Assert.True(upTo6.Successful, upTo6.Error?.Message);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        await using (var connection = await db.Database.OpenConnectionAsync(Ct))
        {
            foreach (var (version, status, promotedAt) in new[] { ("v1", "retired", (DateTimeOffset?)clock.GetUtcNow().AddDays(-2)), ("v2", "active", clock.GetUtcNow().AddDays(-1)), ("v3", "candidate", null) })
            {
                await connection.ExecuteAsync(
                    $"""
                    INSERT INTO checkpoints (store_id, version, agent_kind, model_blob_location, meta, status, created_at, promoted_at)
                    VALUES (@storeId, @version, 'dqn', '/ckpt', {(dialect == DatabaseDialect.PostgreSql ? "CAST('{}' AS jsonb)" : "'{}'")}, @status, @now, @promotedAt)
                    """,
                    new { storeId, version, status, now = clock.GetUtcNow().AddDays(-3), promotedAt });
            }
        }

        Assert.Equal(["0007_checkpoint_promotions", "0008_secrets", "0009_admin_audit", "0010_platform_connections", "0011_creatives", "0012_targeting_experiments"], DatabaseMigrator.Migrate(db.Target).Applied);
        var store = new CheckpointStore(db.Database, clock);
        var history = await store.HistoryAsync(storeId, Ct);
        var back = await store.RollbackAsync(storeId, "v1", new CheckpointDecision("alice"), Ct);

        Assert.Equal([("v2", "unrecorded"), ("v1", "unrecorded")], history.Select(h => (h.Version, h.DecidedBy)));
        Assert.Equal(("v1", "v2"), (back.Active.Checkpoint.Version, back.Previous));
        await Assert.ThrowsAsync<CheckpointRegistryException>(() => store.RollbackAsync(storeId, "v3", new CheckpointDecision("alice"), Ct));
    }
}

using System.Data.Common;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Migrations;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;
using DbUp.Engine;

namespace AdPilot.Storage.Tests.Migrations;

public sealed class DatabaseMigratorTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Migrate_Twice_SecondRunChangesNothing(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect, migrated: false);

        var first = DatabaseMigrator.Migrate(db.Target);
        var schema = await SchemaAsync(db);
        var second = DatabaseMigrator.Migrate(db.Target);

        Assert.Equal(["0001_initial", "0002_reward_details", "0003_budget_snapshot_status", "0004_cycle_runs", "0005_quartz_tables", "0006_webhook_queue", "0007_checkpoint_promotions", "0008_secrets", "0009_admin_audit", "0010_platform_connections", "0011_creatives", "0012_targeting_experiments"], first.Applied);
        Assert.Empty(second.Applied);
        Assert.Equal("0012_targeting_experiments", second.Current);
        Assert.Equal(schema, await SchemaAsync(db));
        Assert.Contains("insights_hourly", schema);
        Assert.Contains("webhook_events", schema);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Migrate_FailingScript_LeavesTheDatabaseAsItWas(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect, migrated: false);
        var broken = new SqlScript("AdPilot.Storage.Migrations.zzzz_9999_broken.sql", "CREATE TABLE half_done (id integer);\nSELECT * FROM no_such_table;");

        var ex = Assert.Throws<MigrationException>(() => DatabaseMigrator.Migrate(db.Target, [broken]));

        Assert.Contains("zzzz_9999_broken", ex.Message, StringComparison.Ordinal);
        var schema = await SchemaAsync(db);
        Assert.DoesNotContain("half_done", schema);
        Assert.DoesNotContain("stores", schema);
        Assert.Equal(["0001_initial", "0002_reward_details", "0003_budget_snapshot_status", "0004_cycle_runs", "0005_quartz_tables", "0006_webhook_queue", "0007_checkpoint_promotions", "0008_secrets", "0009_admin_audit", "0010_platform_connections", "0011_creatives", "0012_targeting_experiments"], DatabaseMigrator.Migrate(db.Target).Applied);
    }

    [Fact]
    public void Scripts_EachDialectHasTheSameHistory()
    {
        static IEnumerable<string> Names(DatabaseDialect d) => DatabaseMigrator.Scripts(d).Select(n => n[(n.LastIndexOf('.', n.Length - 5) + 1)..]);

        Assert.NotEmpty(DatabaseMigrator.Scripts(DatabaseDialect.Sqlite));
        Assert.Equal(Names(DatabaseDialect.Sqlite), Names(DatabaseDialect.PostgreSql));
    }

    private static async Task<List<string>> SchemaAsync(TestDatabase db)
    {
        var sql = db.Target.Dialect == DatabaseDialect.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type IN ('table', 'index') AND name NOT LIKE 'sqlite_%' ORDER BY name"
            : "SELECT tablename FROM pg_tables WHERE schemaname = 'public' UNION ALL SELECT indexname FROM pg_indexes WHERE schemaname = 'public' ORDER BY 1";
        await using DbConnection connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return [.. (await connection.QueryAsync<string>(sql)).Where(n => !n.Equals("schemaversions", StringComparison.OrdinalIgnoreCase) && !n.StartsWith("PK_schemaversions", StringComparison.OrdinalIgnoreCase))];
    }
}

using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Connections;

public sealed class StorageDatabaseTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task OpenMigrated_EmptyDatabase_IsReadyToUse(DatabaseDialect dialect)
    {
        await using var empty = await TestDatabase.CreateAsync(cluster, dialect, migrated: false);

        await using var database = await StorageDatabase.OpenMigratedAsync(empty.Target, TestContext.Current.CancellationToken);
        var id = await new StoreDirectory(database, Builders.Clock()).UpsertAsync(Builders.Store(), TestContext.Current.CancellationToken);

        Assert.True(id > 0);
    }
}

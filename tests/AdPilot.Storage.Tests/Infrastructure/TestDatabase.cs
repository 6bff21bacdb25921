using AdPilot.Storage.Connections;
using AdPilot.Storage.Migrations;
using Microsoft.Data.Sqlite;

namespace AdPilot.Storage.Tests.Infrastructure;

/// <summary>A fresh database of one dialect for one test: a temp SQLite file, or a new database on the throwaway cluster.</summary>
public sealed class TestDatabase : IAsyncDisposable
{
    private readonly string? _folder;

    private TestDatabase(DatabaseTarget target, string? folder)
    {
        Target = target;
        _folder = folder;
        Database = new StorageDatabase(target);
    }

    public DatabaseTarget Target { get; }

    public StorageDatabase Database { get; }

    public static async Task<TestDatabase> CreateAsync(PostgresCluster cluster, DatabaseDialect dialect, bool migrated = true)
    {
        if (dialect == DatabaseDialect.PostgreSql)
        {
            var connectionString = migrated ? await cluster.CreateMigratedDatabaseAsync() : await cluster.CreateDatabaseAsync();
            return new TestDatabase(DatabaseTarget.Parse(connectionString), null);
        }

        var folder = Directory.CreateTempSubdirectory("adpilot-sqlite-").FullName;
        var target = DatabaseTarget.Sqlite(Path.Combine(folder, "adpilot.db"));
        if (migrated)
        {
            DatabaseMigrator.Migrate(target);
        }

        return new TestDatabase(target, folder);
    }

    public async ValueTask DisposeAsync()
    {
        await Database.DisposeAsync();
        if (_folder is not null)
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(_folder, recursive: true);
        }
    }
}

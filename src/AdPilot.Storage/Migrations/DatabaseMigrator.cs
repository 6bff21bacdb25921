using AdPilot.Storage.Connections;
using DbUp;
using DbUp.Builder;
using DbUp.Engine;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdPilot.Storage.Migrations;

/// <summary>
/// Applies the dialect's migration history (SQL scripts embedded under <c>Migrations/&lt;Dialect&gt;/</c>, in name order) with
/// DbUp. All pending scripts run in one transaction, so a failing script leaves the database as it was; scripts already
/// journalled are skipped, so running it again changes nothing.
/// </summary>
public static class DatabaseMigrator
{
    /// <summary>A constant key for PostgreSQL's advisory lock, so workers starting together migrate one at a time.</summary>
    private const long MigrationLockKey = 0x4164_5069_6c6f_7401;

    /// <summary>Brings the database's schema up to date.</summary>
    /// <param name="target">The database.</param>
    /// <returns>The scripts applied.</returns>
    /// <exception cref="MigrationException">A script failed; nothing of this run was kept.</exception>
    public static MigrationResult Migrate(DatabaseTarget target) => Migrate(target, []);

    /// <summary>The names of the dialect's scripts, in the order they apply.</summary>
    /// <param name="dialect">The dialect.</param>
    /// <returns>The embedded resource names.</returns>
    public static IReadOnlyList<string> Scripts(DatabaseDialect dialect)
    {
        var prefix = Prefix(dialect);
        return [.. typeof(DatabaseMigrator).Assembly.GetManifestResourceNames().Where(n => n.StartsWith(prefix, StringComparison.Ordinal)).Order(StringComparer.Ordinal)];
    }

    internal static MigrationResult Migrate(DatabaseTarget target, IReadOnlyList<SqlScript> extraScripts)
    {
        ArgumentNullException.ThrowIfNull(target);
        if (target.Dialect == DatabaseDialect.Sqlite)
        {
            Directory.CreateDirectory(Path.GetDirectoryName(target.SqlitePath!)!);
            var result = Run(DeployChanges.To.SqliteDatabase(target.ConnectionString), target.Dialect, extraScripts);
            using var connection = new SqliteConnection(target.ConnectionString);
            connection.Open();
            using var wal = connection.CreateCommand();
            wal.CommandText = "PRAGMA journal_mode = WAL;";
            wal.ExecuteNonQuery();
            return result;
        }

        using var lockConnection = new NpgsqlConnection(target.ConnectionString);
        lockConnection.Open();
        using (var take = new NpgsqlCommand($"SELECT pg_advisory_lock({MigrationLockKey})", lockConnection))
        {
            take.ExecuteNonQuery();
        }

        try
        {
            return Run(DeployChanges.To.PostgresqlDatabase(target.ConnectionString), target.Dialect, extraScripts);
        }
        finally
        {
            using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({MigrationLockKey})", lockConnection);
            release.ExecuteNonQuery();
        }
    }

    private static MigrationResult Run(UpgradeEngineBuilder builder, DatabaseDialect dialect, IReadOnlyList<SqlScript> extraScripts)
    {
        var prefix = Prefix(dialect);
        var engine = builder
            .WithScriptsEmbeddedInAssembly(typeof(DatabaseMigrator).Assembly, name => name.StartsWith(prefix, StringComparison.Ordinal))
            .WithScripts(extraScripts)
            .WithTransaction()
            .LogToNowhere()
            .Build();
        var result = engine.PerformUpgrade();
        if (!result.Successful)
        {
            var script = result.ErrorScript?.Name is { } name ? ShortName(name) : "a script";
            throw new MigrationException($"migration {script} failed, so no migration of this run was applied: {result.Error?.Message}", result.Error);
        }

        var applied = result.Scripts.Select(s => ShortName(s.Name)).ToList();
        var all = engine.GetExecutedScripts();
        return new MigrationResult(applied, all.Count == 0 ? null : ShortName(all[^1]));
    }

    private static string Prefix(DatabaseDialect dialect) =>
        $"{typeof(DatabaseMigrator).Namespace}.{dialect}.";

    private static string ShortName(string name)
    {
        var trimmed = name.EndsWith(".sql", StringComparison.Ordinal) ? name[..^4] : name;
        var dot = trimmed.LastIndexOf('.');
        return dot < 0 ? trimmed : trimmed[(dot + 1)..];
    }
}

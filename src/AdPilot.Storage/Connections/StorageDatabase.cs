using System.Data.Common;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;

namespace AdPilot.Storage.Connections;

/// <summary>
/// The open handle on AdPilot's database: hands out connections for the repositories. On PostgreSQL it owns a pooled
/// <see cref="NpgsqlDataSource"/>; on SQLite each connection turns foreign keys on and waits on a busy file.
/// </summary>
public sealed class StorageDatabase : IAsyncDisposable
{
    private readonly NpgsqlDataSource? _postgres;

    static StorageDatabase()
    {
        SqlMapper.AddTypeHandler(new UtcDateTimeOffsetHandler());
        DefaultTypeMap.MatchNamesWithUnderscores = true;
    }

    /// <summary>Initializes a new instance of the <see cref="StorageDatabase"/> class.</summary>
    /// <param name="target">The database.</param>
    public StorageDatabase(DatabaseTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        Target = target;
        if (target.Dialect == DatabaseDialect.PostgreSql)
        {
            _postgres = NpgsqlDataSource.Create(target.ConnectionString);
        }
    }

    /// <summary>Gets the database.</summary>
    public DatabaseTarget Target { get; }

    /// <summary>
    /// What a process does at start-up: brings the schema up to date (idempotent; workers starting together take turns on
    /// PostgreSQL), then opens the database.
    /// </summary>
    /// <param name="target">The database.</param>
    /// <param name="cancellationToken">Cancels before the migration starts (DbUp runs synchronously).</param>
    /// <returns>The open database; dispose it.</returns>
    /// <exception cref="Migrations.MigrationException">A migration failed; the schema was left as it was.</exception>
    public static async Task<StorageDatabase> OpenMigratedAsync(DatabaseTarget target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        await Task.Run(() => Migrations.DatabaseMigrator.Migrate(target), cancellationToken).ConfigureAwait(false);
        return new StorageDatabase(target);
    }

    /// <summary>Gets the dialect.</summary>
    public DatabaseDialect Dialect => Target.Dialect;

    /// <summary>Opens a connection, creating the SQLite file's folder if needed.</summary>
    /// <param name="cancellationToken">Cancels the open.</param>
    /// <returns>An open connection; dispose it.</returns>
    public async Task<DbConnection> OpenConnectionAsync(CancellationToken cancellationToken)
    {
        if (_postgres is not null)
        {
            return await _postgres.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        }

        Directory.CreateDirectory(Path.GetDirectoryName(Target.SqlitePath!)!);
        var connection = new SqliteConnection(Target.ConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);
            await connection.ExecuteAsync(new CommandDefinition("PRAGMA foreign_keys = ON; PRAGMA synchronous = NORMAL;", cancellationToken: cancellationToken)).ConfigureAwait(false);
            return connection;
        }
        catch
        {
            await connection.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Runs <paramref name="work"/> in one transaction on a new connection: committed when it returns, rolled back when it throws.</summary>
    internal async Task<T> InTransactionAsync<T>(Func<DbConnection, DbTransaction, Task<T>> work, CancellationToken cancellationToken)
    {
        await using var connection = await OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        var result = await work(connection, transaction).ConfigureAwait(false);
        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        return result;
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_postgres is not null)
        {
            await _postgres.DisposeAsync().ConfigureAwait(false);
        }
    }
}

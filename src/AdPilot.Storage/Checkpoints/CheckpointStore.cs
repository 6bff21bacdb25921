using System.Data.Common;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Checkpoints;

/// <summary>Checkpoints on either dialect; see <see cref="ICheckpointStore"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock.</param>
public sealed class CheckpointStore(StorageDatabase database, TimeProvider time) : ICheckpointStore
{
    private const string Select = "SELECT id, version, agent_kind, model_blob_location, meta, status, created_at, promoted_at FROM checkpoints";

    /// <inheritdoc />
    public async Task<StoredCheckpoint> RegisterAsync(long storeId, CheckpointRecord checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        var sql = $"""
            INSERT INTO checkpoints (store_id, version, agent_kind, model_blob_location, meta, status, created_at)
            VALUES (@storeId, @Version, @AgentKind, @ModelBlobLocation, {Sql.Json(database.Dialect, "@MetaJson")}, 'candidate', @now)
            ON CONFLICT (store_id, version) DO NOTHING
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            sql, new { storeId, checkpoint.Version, checkpoint.AgentKind, checkpoint.ModelBlobLocation, checkpoint.MetaJson, now = time.GetUtcNow() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var stored = await FindAsync(connection, null, storeId, checkpoint.Version, cancellationToken).ConfigureAwait(false);
        if (stored!.Checkpoint.ModelBlobLocation != checkpoint.ModelBlobLocation || stored.Checkpoint.AgentKind != checkpoint.AgentKind)
        {
            throw new InvalidOperationException($"checkpoint version {checkpoint.Version} is already registered for another file or agent");
        }

        return stored;
    }

    /// <inheritdoc />
    public async Task<StoredCheckpoint> PromoteAsync(long storeId, string version, CancellationToken cancellationToken)
    {
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var target = await FindAsync(connection, transaction, storeId, version, cancellationToken).ConfigureAwait(false)
                    ?? throw new InvalidOperationException($"checkpoint version {version} is not registered");
                if (target.Status == CheckpointStatus.Active)
                {
                    return target;
                }

                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE checkpoints SET status = 'retired' WHERE store_id = @storeId AND status = 'active'", new { storeId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE checkpoints SET status = 'active', promoted_at = @now WHERE id = @Id", new { target.Id, now = time.GetUtcNow() }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                return (await FindAsync(connection, transaction, storeId, version, cancellationToken).ConfigureAwait(false))!;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<StoredCheckpoint?> GetActiveAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND status = 'active'", new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToStored();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<StoredCheckpoint>> ListAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId ORDER BY created_at DESC, id DESC", new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToStored())];
    }

    private static async Task<StoredCheckpoint?> FindAsync(DbConnection connection, DbTransaction? transaction, long storeId, string version, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND version = @version", new { storeId, version }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToStored();
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public string Version { get; set; } = string.Empty;

        public string AgentKind { get; set; } = string.Empty;

        public string ModelBlobLocation { get; set; } = string.Empty;

        public string Meta { get; set; } = "{}";

        public string Status { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public DateTimeOffset? PromotedAt { get; set; }

        public StoredCheckpoint ToStored() =>
            new(Id, new CheckpointRecord(Version, AgentKind, ModelBlobLocation, Meta), EnumText.Parse<CheckpointStatus>(Status), CreatedAt, PromotedAt);
    }
}

using System.Data.Common;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Checkpoints;

/// <summary>Checkpoints and their promotion history on either dialect; see <see cref="ICheckpointStore"/>.</summary>
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
    public Task<CheckpointChange> PromoteAsync(long storeId, string version, CheckpointDecision decision, CancellationToken cancellationToken) =>
        ActivateAsync(storeId, version, decision, CheckpointChangeKind.Promote, cancellationToken);

    /// <inheritdoc />
    public Task<CheckpointChange> RollbackAsync(long storeId, string version, CheckpointDecision decision, CancellationToken cancellationToken) =>
        ActivateAsync(storeId, version, decision, CheckpointChangeKind.Rollback, cancellationToken);

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

    /// <inheritdoc />
    public async Task<StoredCheckpoint?> GetAsync(long storeId, string version, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await FindAsync(connection, null, storeId, version, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CheckpointActivation>> HistoryAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<HistoryRow>(new CommandDefinition(
            """
            SELECT p.id, c.version, previous.version AS previous_version, p.kind, p.decided_by, p.decided_at, p.note
            FROM checkpoint_promotions p
            JOIN checkpoints c ON c.id = p.checkpoint_id
            LEFT JOIN checkpoints previous ON previous.id = p.previous_checkpoint_id
            WHERE p.store_id = @storeId
            ORDER BY p.decided_at DESC, p.id DESC
            """,
            new { storeId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToActivation())];
    }

    private async Task<CheckpointChange> ActivateAsync(
        long storeId, string version, CheckpointDecision decision, CheckpointChangeKind kind, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(decision);
        decision.Validate();
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var target = await FindAsync(connection, transaction, storeId, version, cancellationToken).ConfigureAwait(false)
                    ?? throw new CheckpointRegistryException($"checkpoint version '{version}' is not registered for this store");
                var current = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
                    $"{Select} WHERE store_id = @storeId AND status = 'active'", new { storeId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                if (target.Status == CheckpointStatus.Active)
                {
                    return new CheckpointChange(target, target.Checkpoint.Version, Changed: false);
                }

                if (kind == CheckpointChangeKind.Rollback)
                {
                    var served = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
                        "SELECT count(*) FROM checkpoint_promotions WHERE store_id = @storeId AND checkpoint_id = @Id",
                        new { storeId, target.Id },
                        transaction,
                        cancellationToken: cancellationToken)).ConfigureAwait(false);
                    if (served == 0)
                    {
                        throw new CheckpointRegistryException(
                            $"checkpoint version '{version}' has never been active, so there is nothing to roll back to; promote it instead if it should serve");
                    }
                }

                var now = time.GetUtcNow();
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE checkpoints SET status = 'retired' WHERE store_id = @storeId AND status = 'active'", new { storeId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE checkpoints SET status = 'active', promoted_at = @now WHERE id = @Id", new { target.Id, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
                await connection.ExecuteAsync(new CommandDefinition(
                    """
                    INSERT INTO checkpoint_promotions (store_id, checkpoint_id, previous_checkpoint_id, kind, decided_by, decided_at, note)
                    VALUES (@storeId, @checkpointId, @previousId, @kind, @decidedBy, @now, @note)
                    """,
                    new
                    {
                        storeId,
                        checkpointId = target.Id,
                        previousId = current?.Id,
                        kind = EnumText.ToText(kind),
                        decidedBy = decision.DecidedBy.Trim(),
                        now,
                        note = decision.Note,
                    },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false);
                await AdminAuditSql.AppendAsync(
                    connection,
                    transaction,
                    database.Dialect,
                    storeId,
                    new AdminAuditRecord(
                        AdminActor.Parse(decision.DecidedBy.Trim()),
                        kind == CheckpointChangeKind.Rollback ? AdminActions.CheckpointRollback : AdminActions.CheckpointPromote,
                        $"checkpoint {version}",
                        new Dictionary<string, string?> { ["version"] = version, ["previous"] = current?.Version, ["note"] = decision.Note }),
                    now,
                    cancellationToken).ConfigureAwait(false);
                var active = (await FindAsync(connection, transaction, storeId, version, cancellationToken).ConfigureAwait(false))!;
                return new CheckpointChange(active, current?.Version, Changed: true);
            },
            cancellationToken).ConfigureAwait(false);
    }

    private static async Task<StoredCheckpoint?> FindAsync(DbConnection connection, DbTransaction? transaction, long storeId, string version, CancellationToken cancellationToken)
    {
        var row = await connection.QuerySingleOrDefaultAsync<Row>(new CommandDefinition(
            $"{Select} WHERE store_id = @storeId AND version = @version", new { storeId, version }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row?.ToStored();
    }

    private sealed class HistoryRow
    {
        public long Id { get; set; }

        public string Version { get; set; } = string.Empty;

        public string? PreviousVersion { get; set; }

        public string Kind { get; set; } = string.Empty;

        public string DecidedBy { get; set; } = string.Empty;

        public DateTimeOffset DecidedAt { get; set; }

        public string? Note { get; set; }

        public CheckpointActivation ToActivation() =>
            new(Id, Version, PreviousVersion, EnumText.Parse<CheckpointChangeKind>(Kind), DecidedBy, DecidedAt, Note);
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

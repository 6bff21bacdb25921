using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Alerts;

/// <summary>Alerts on either dialect; see <see cref="IAlertStore"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock.</param>
public sealed class AlertStore(StorageDatabase database, TimeProvider time) : IAlertStore
{
    /// <inheritdoc />
    public async Task<bool> RaiseAsync(long storeId, string kind, AlertSeverity severity, string dedupeKey, string message, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO alerts (store_id, kind, severity, dedupe_key, message, raised_at) VALUES (@storeId, @kind, @severity, @dedupeKey, @message, @now)
            ON CONFLICT (store_id, dedupe_key) WHERE resolved_at IS NULL DO NOTHING
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            sql, new { storeId, kind, severity = EnumText.ToText(severity), dedupeKey, message, now = time.GetUtcNow() }, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
    }

    /// <inheritdoc />
    public async Task<bool> ResolveAsync(long storeId, string dedupeKey, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE alerts SET resolved_at = @now WHERE store_id = @storeId AND dedupe_key = @dedupeKey AND resolved_at IS NULL",
            new { storeId, dedupeKey, now = time.GetUtcNow() },
            cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
    }

    /// <inheritdoc />
    public async Task<bool> RaiseAsync(
        long storeId, string kind, AlertSeverity severity, string dedupeKey, string message, AdminAuditRecord audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        const string sql = """
            INSERT INTO alerts (store_id, kind, severity, dedupe_key, message, raised_at) VALUES (@storeId, @kind, @severity, @dedupeKey, @message, @now)
            ON CONFLICT (store_id, dedupe_key) WHERE resolved_at IS NULL DO NOTHING
            """;
        var now = time.GetUtcNow();
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var raised = await connection.ExecuteAsync(new CommandDefinition(
                    sql, new { storeId, kind, severity = EnumText.ToText(severity), dedupeKey, message, now }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false) == 1;
                if (raised)
                {
                    await AdminAuditSql.AppendAsync(connection, transaction, database.Dialect, storeId, audit, now, cancellationToken).ConfigureAwait(false);
                }

                return raised;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> ResolveAsync(long storeId, string dedupeKey, AdminAuditRecord audit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(audit);
        var now = time.GetUtcNow();
        return await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var resolved = await connection.ExecuteAsync(new CommandDefinition(
                    "UPDATE alerts SET resolved_at = @now WHERE store_id = @storeId AND dedupe_key = @dedupeKey AND resolved_at IS NULL",
                    new { storeId, dedupeKey, now },
                    transaction,
                    cancellationToken: cancellationToken)).ConfigureAwait(false) > 0;
                if (resolved)
                {
                    await AdminAuditSql.AppendAsync(connection, transaction, database.Dialect, storeId, audit, now, cancellationToken).ConfigureAwait(false);
                }

                return resolved;
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Alert>> ListOpenAsync(long storeId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT id, kind, severity, dedupe_key, message, raised_at, resolved_at FROM alerts WHERE store_id = @storeId AND resolved_at IS NULL
            ORDER BY CASE severity WHEN 'critical' THEN 0 WHEN 'warning' THEN 1 ELSE 2 END, raised_at, id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new Alert(r.Id, r.Kind, EnumText.Parse<AlertSeverity>(r.Severity), r.DedupeKey, r.Message, r.RaisedAt, r.ResolvedAt))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<Alert>> ListRecentAsync(long storeId, DateTimeOffset since, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        const string sql = """
            SELECT id, kind, severity, dedupe_key, message, raised_at, resolved_at FROM alerts
            WHERE store_id = @storeId AND (raised_at >= @since OR resolved_at >= @since)
            ORDER BY COALESCE(resolved_at, raised_at) DESC, id DESC
            LIMIT @limit
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(sql, new { storeId, since = Sql.Utc(since), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new Alert(r.Id, r.Kind, EnumText.Parse<AlertSeverity>(r.Severity), r.DedupeKey, r.Message, r.RaisedAt, r.ResolvedAt))];
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public string Kind { get; set; } = string.Empty;

        public string Severity { get; set; } = string.Empty;

        public string DedupeKey { get; set; } = string.Empty;

        public string Message { get; set; } = string.Empty;

        public DateTimeOffset RaisedAt { get; set; }

        public DateTimeOffset? ResolvedAt { get; set; }
    }
}

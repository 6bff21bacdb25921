using System.Text.Json;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Audit;

/// <summary>The admin audit trail on either dialect; see <see cref="IAdminAuditStore"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock that stamps every entry.</param>
public sealed class AdminAuditStore(StorageDatabase database, TimeProvider time) : IAdminAuditStore
{
    /// <inheritdoc />
    public async Task<AdminAuditEntry> AppendAsync(long? storeId, AdminAuditRecord record, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await AdminAuditSql.AppendAsync(connection, null, database.Dialect, storeId, record, time.GetUtcNow(), cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AdminAuditEntry>> ListAsync(long? storeId, DateTimeOffset? since, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(limit);
        var where = new List<string>();
        if (storeId is not null)
        {
            where.Add("(store_id = @storeId OR store_id IS NULL)");
        }

        if (since is not null)
        {
            where.Add("at >= @since");
        }

        var sql = $"""
            SELECT {AdminAuditSql.Columns} FROM admin_audit
            {(where.Count == 0 ? string.Empty : "WHERE " + string.Join(" AND ", where))}
            ORDER BY at DESC, id DESC
            LIMIT @limit
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AdminAuditSql.Row>(new CommandDefinition(
            sql, new { storeId, since = Sql.Utc(since), limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    /// <inheritdoc />
    public async Task<string?> LastModeAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var details = await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT details FROM admin_audit WHERE store_id = @storeId AND action = @action ORDER BY at DESC, id DESC LIMIT 1",
            new { storeId, action = AdminActions.ModeChange },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        if (details is not null)
        {
            using var json = JsonDocument.Parse(details);
            if (json.RootElement.TryGetProperty("to", out var to) && to.ValueKind == JsonValueKind.String)
            {
                return to.GetString();
            }
        }

        // Before the audit trail, the action log's newest live or shadow entry tells the mode the store last ran in.
        return await connection.QueryFirstOrDefaultAsync<string>(new CommandDefinition(
            "SELECT mode FROM actions_log WHERE store_id = @storeId AND policy_name NOT IN ('human', 'kill_switch') ORDER BY decided_at DESC, id DESC LIMIT 1",
            new { storeId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }
}

using System.Data.Common;
using System.Text;
using System.Text.Json;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Audit;

/// <summary>The one INSERT of the audit trail, so a store can write an action's entry inside the action's own transaction.</summary>
internal static class AdminAuditSql
{
    public const string Columns = "id, store_id, at, actor, source, action, target, details";

    public static async Task<AdminAuditEntry> AppendAsync(
        DbConnection connection, DbTransaction? transaction, DatabaseDialect dialect, long? storeId, AdminAuditRecord record, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(record.Actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(record.Action);
        ArgumentNullException.ThrowIfNull(record.Target);
        var sql = $"""
            INSERT INTO admin_audit (store_id, at, actor, source, action, target, details)
            VALUES (@storeId, @at, @actor, @source, @action, @target, {Sql.Json(dialect, "@details")})
            RETURNING {Columns}
            """;
        var row = await connection.QuerySingleAsync<Row>(new CommandDefinition(
            sql,
            new
            {
                storeId,
                at = Sql.Utc(now),
                actor = record.Actor.Text,
                source = AdminActor.SourceText(record.Actor.Source),
                action = record.Action,
                target = record.Target.Length > 500 ? record.Target[..500] : record.Target,
                details = DetailsJson(record.Details),
            },
            transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row.ToEntry();
    }

    /// <summary>The details as a JSON object of strings, keys in order, so the same details always read the same.</summary>
    public static string DetailsJson(IReadOnlyDictionary<string, string?>? details)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            foreach (var (key, value) in (details ?? new Dictionary<string, string?>()).OrderBy(p => p.Key, StringComparer.Ordinal))
            {
                writer.WriteString(key, value);
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    internal sealed class Row
    {
        public long Id { get; set; }

        public long? StoreId { get; set; }

        public DateTimeOffset At { get; set; }

        public string Actor { get; set; } = string.Empty;

        public string Source { get; set; } = string.Empty;

        public string Action { get; set; } = string.Empty;

        public string Target { get; set; } = string.Empty;

        public string Details { get; set; } = "{}";

        public AdminAuditEntry ToEntry() => new(Id, StoreId, At, Actor, Source, Action, Target, Details);
    }
}

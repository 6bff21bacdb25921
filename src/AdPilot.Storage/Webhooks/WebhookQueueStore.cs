using System.Data.Common;
using AdPilot.Storage.Connections;
using Dapper;
using Npgsql;
using NpgsqlTypes;

namespace AdPilot.Storage.Webhooks;

/// <summary>
/// The webhook queue on either dialect; see <see cref="IWebhookQueueStore"/>. On PostgreSQL a batch is one statement
/// over arrays (<c>INSERT … SELECT FROM unnest(…) ON CONFLICT DO NOTHING RETURNING</c>), so a group of webhooks costs one
/// round trip and one commit; on SQLite a prepared insert runs once per webhook in one transaction.
/// </summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock of processed_at.</param>
public sealed class WebhookQueueStore(StorageDatabase database, TimeProvider time) : IWebhookQueueStore
{
    /// <summary>The longest failure reason kept (the column's limit).</summary>
    public const int MaxErrorLength = 1000;

    private const string PendingColumns = "store_id, webhook_id, topic, received_at";

    /// <inheritdoc />
    public async Task<bool[]> StoreAsync(IReadOnlyList<IncomingWebhook> webhooks, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhooks);
        var stored = new bool[webhooks.Count];
        if (webhooks.Count == 0)
        {
            return stored;
        }

        // The first of a batch's repeats (same webhook id, or same event id) is the one written; the others are duplicates
        // whatever the database says.
        var firsts = new List<int>(webhooks.Count);
        var seen = new HashSet<(long, string)>();
        var seenEvents = new HashSet<(long, string)>();
        for (var i = 0; i < webhooks.Count; i++)
        {
            if (seen.Add((webhooks[i].StoreId, webhooks[i].WebhookId)) && (webhooks[i].EventId is not { } eventId || seenEvents.Add((webhooks[i].StoreId, eventId))))
            {
                firsts.Add(i);
            }
        }

        if (database.Dialect == DatabaseDialect.PostgreSql)
        {
            await StorePostgresAsync(webhooks, firsts, stored, cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await StoreSqliteAsync(webhooks, firsts, stored, cancellationToken).ConfigureAwait(false);
        }

        return stored;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PendingWebhook>> ListPendingAsync(int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<PendingRow>(new CommandDefinition(
            $"SELECT {PendingColumns} FROM webhook_events WHERE processed_at IS NULL ORDER BY received_at, store_id, webhook_id LIMIT @limit",
            new { limit },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new PendingWebhook(r.StoreId, r.WebhookId, r.Topic, r.ReceivedAt))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, string>> ReadPayloadsAsync(long storeId, IReadOnlyList<string> webhookIds, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhookIds);
        var payloads = new Dictionary<string, string>(StringComparer.Ordinal);
        if (webhookIds.Count == 0)
        {
            return payloads;
        }

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        foreach (var chunk in webhookIds.Chunk(500))
        {
            var rows = await connection.QueryAsync<(string WebhookId, string Payload)>(new CommandDefinition(
                // Not "processed_at IS NULL": that would steer the planner to the pending index, a scan of the whole backlog
                // per batch; only a pending webhook has a payload anyway.
                $"SELECT webhook_id, payload FROM webhook_events WHERE store_id = @storeId AND webhook_id {Sql.InList(database.Dialect, "@ids")} AND payload IS NOT NULL",
                new { storeId, ids = chunk },
                cancellationToken: cancellationToken)).ConfigureAwait(false);
            foreach (var (id, payload) in rows)
            {
                payloads[id] = payload;
            }
        }

        return payloads;
    }

    /// <inheritdoc />
    public async Task<int> CompleteAsync(IReadOnlyList<WebhookCompletion> completions, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(completions);
        if (completions.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        if (database.Dialect == DatabaseDialect.PostgreSql)
        {
            const string sql = """
                UPDATE webhook_events AS w SET processed_at = @now, payload = NULL, status = u.status, error = u.error
                FROM unnest(@storeIds, @ids, @statuses, @errors) AS u(store_id, webhook_id, status, error)
                WHERE w.store_id = u.store_id AND w.webhook_id = u.webhook_id AND w.status = 'pending'
                """;
            await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
            command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
            command.Parameters.Add(new NpgsqlParameter("storeIds", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = completions.Select(c => c.StoreId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = completions.Select(c => c.WebhookId).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("statuses", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = completions.Select(c => StatusText(c)).ToArray() });
            command.Parameters.Add(new NpgsqlParameter("errors", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = completions.Select(c => (object?)Truncate(c.Error) ?? DBNull.Value).ToArray() });
            return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        }

        return await database.InTransactionAsync(
            (connection, transaction) => EachRow.ExecuteAsync(
                connection,
                transaction,
                """
                UPDATE webhook_events SET processed_at = @Now, payload = NULL, status = @Status, error = @Error
                WHERE store_id = @StoreId AND webhook_id = @WebhookId AND status = 'pending'
                """,
                ["Now", "Status", "Error", "StoreId", "WebhookId"],
                completions,
                (c, v) =>
                {
                    v[0] = now;
                    v[1] = StatusText(c);
                    v[2] = Truncate(c.Error);
                    v[3] = c.StoreId;
                    v[4] = c.WebhookId;
                },
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<WebhookBacklog> BacklogAsync(CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleAsync<(long Depth, object? Oldest)>(new CommandDefinition(
            "SELECT COUNT(*), MIN(received_at) FROM webhook_events WHERE processed_at IS NULL", cancellationToken: cancellationToken)).ConfigureAwait(false);
        return new WebhookBacklog(row.Depth, row.Oldest is null or DBNull ? null : Sql.ReadInstant(row.Oldest));
    }

    /// <inheritdoc />
    public async Task<StoredWebhook?> FindAsync(long storeId, string webhookId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var row = await connection.QuerySingleOrDefaultAsync<StoredRow>(new CommandDefinition(
            """
            SELECT store_id, webhook_id, topic, status, payload, error, received_at, processed_at
            FROM webhook_events WHERE store_id = @storeId AND webhook_id = @webhookId
            """,
            new { storeId, webhookId },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return row is null
            ? null
            : new StoredWebhook(
                row.StoreId,
                row.WebhookId,
                row.Topic,
                ParseStatus(row.Status),
                row.Payload,
                row.Error,
                row.ReceivedAt,
                row.ProcessedAt);
    }

    internal static string StatusText(WebhookStatus status) => status switch
    {
        WebhookStatus.Pending => "pending",
        WebhookStatus.Processed => "processed",
        WebhookStatus.Failed => "failed",
        WebhookStatus.Ignored => "ignored",
        _ => throw new ArgumentOutOfRangeException(nameof(status), status, "unknown webhook status"),
    };

    private static WebhookStatus ParseStatus(string text) => text switch
    {
        "pending" => WebhookStatus.Pending,
        "processed" => WebhookStatus.Processed,
        "failed" => WebhookStatus.Failed,
        "ignored" => WebhookStatus.Ignored,
        _ => throw new InvalidDataException($"unknown webhook status '{text}' in the database"),
    };

    private static string StatusText(WebhookCompletion completion) =>
        StatusText(completion.Error is null ? WebhookStatus.Processed : WebhookStatus.Failed);

    private static string? Truncate(string? error) => error is { Length: > MaxErrorLength } ? error[..MaxErrorLength] : error;

    private async Task StorePostgresAsync(IReadOnlyList<IncomingWebhook> webhooks, List<int> firsts, bool[] stored, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO webhook_events (store_id, webhook_id, topic, payload, received_at, processed_at, status, event_id)
            SELECT u.store_id, u.webhook_id, u.topic, u.payload, u.received_at,
                   CASE WHEN u.ignored THEN u.received_at END, CASE WHEN u.ignored THEN 'ignored' ELSE 'pending' END, u.event_id
            FROM unnest(@storeIds, @ids, @topics, @payloads, @receivedAt, @ignored, @eventIds) AS u(store_id, webhook_id, topic, payload, received_at, ignored, event_id)
            ORDER BY u.store_id, u.webhook_id
            ON CONFLICT DO NOTHING
            RETURNING store_id, webhook_id
            """;
        var storeIds = new long[firsts.Count];
        var ids = new string[firsts.Count];
        var topics = new string[firsts.Count];
        var payloads = new object[firsts.Count];
        var receivedAt = new DateTime[firsts.Count];
        var ignored = new bool[firsts.Count];
        var eventIds = new object[firsts.Count];
        for (var k = 0; k < firsts.Count; k++)
        {
            var w = webhooks[firsts[k]];
            storeIds[k] = w.StoreId;
            ids[k] = w.WebhookId;
            topics[k] = w.Topic;
            payloads[k] = w.Payload is null ? DBNull.Value : w.Payload;
            receivedAt[k] = w.ReceivedAt.UtcDateTime;
            ignored[k] = w.Ignored;
            eventIds[k] = w.EventId is null ? DBNull.Value : w.EventId;
        }

        // Every batch inserts its keys in the same order (ORDER BY above), so two batches carrying the same webhooks (a
        // redelivery racing its original) wait for each other instead of deadlocking. A deadlock rolls the statement back
        // whole, so trying again is safe; it stays as a second line of defence.
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                await InsertPostgresAsync(sql, webhooks, firsts, stored, storeIds, ids, topics, payloads, receivedAt, ignored, eventIds, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (PostgresException ex) when (ex.SqlState == PostgresErrorCodes.DeadlockDetected && attempt < 3)
            {
                // rolled back whole: try the batch again
            }
        }
    }

    private async Task InsertPostgresAsync(
        string sql,
        IReadOnlyList<IncomingWebhook> webhooks,
        List<int> firsts,
        bool[] stored,
        long[] storeIds,
        string[] ids,
        string[] topics,
        object[] payloads,
        DateTime[] receivedAt,
        bool[] ignored,
        object[] eventIds,
        CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter("storeIds", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { Value = storeIds });
        command.Parameters.Add(new NpgsqlParameter("ids", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = ids });
        command.Parameters.Add(new NpgsqlParameter("topics", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = topics });
        command.Parameters.Add(new NpgsqlParameter("payloads", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = payloads });
        command.Parameters.Add(new NpgsqlParameter("receivedAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = receivedAt });
        command.Parameters.Add(new NpgsqlParameter("ignored", NpgsqlDbType.Array | NpgsqlDbType.Boolean) { Value = ignored });
        command.Parameters.Add(new NpgsqlParameter("eventIds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = eventIds });
        var inserted = new HashSet<(long, string)>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                inserted.Add((reader.GetInt64(0), reader.GetString(1)));
            }
        }

        foreach (var i in firsts)
        {
            stored[i] = inserted.Contains((webhooks[i].StoreId, webhooks[i].WebhookId));
        }
    }

    private async Task StoreSqliteAsync(IReadOnlyList<IncomingWebhook> webhooks, List<int> firsts, bool[] stored, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO webhook_events (store_id, webhook_id, topic, payload, received_at, processed_at, status, event_id)
            VALUES (@StoreId, @WebhookId, @Topic, @Payload, @ReceivedAt, @ProcessedAt, @Status, @EventId)
            ON CONFLICT DO NOTHING
            """;
        await database.InTransactionAsync(
            async (connection, transaction) =>
            {
                await using var command = connection.CreateCommand();
                command.Transaction = transaction;
                command.CommandText = sql;
                string[] names = ["StoreId", "WebhookId", "Topic", "Payload", "ReceivedAt", "ProcessedAt", "Status", "EventId"];
                var parameters = new DbParameter[names.Length];
                for (var p = 0; p < names.Length; p++)
                {
                    parameters[p] = command.CreateParameter();
                    parameters[p].ParameterName = names[p];
                    command.Parameters.Add(parameters[p]);
                }

                foreach (var i in firsts)
                {
                    var w = webhooks[i];
                    var at = Sql.Utc(w.ReceivedAt);
                    parameters[0].Value = w.StoreId;
                    parameters[1].Value = w.WebhookId;
                    parameters[2].Value = w.Topic;
                    parameters[3].Value = (object?)w.Payload ?? DBNull.Value;
                    parameters[4].Value = at;
                    parameters[5].Value = w.Ignored ? at : DBNull.Value;
                    parameters[6].Value = StatusText(w.Ignored ? WebhookStatus.Ignored : WebhookStatus.Pending);
                    parameters[7].Value = (object?)w.EventId ?? DBNull.Value;
                    stored[i] = await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false) == 1;
                }

                return 0;
            },
            cancellationToken).ConfigureAwait(false);
    }

    private class PendingRow
    {
        public long StoreId { get; set; }

        public string WebhookId { get; set; } = string.Empty;

        public string Topic { get; set; } = string.Empty;

        public DateTimeOffset ReceivedAt { get; set; }
    }

    private sealed class StoredRow : PendingRow
    {
        public string Status { get; set; } = string.Empty;

        public string? Payload { get; set; }

        public string? Error { get; set; }

        public DateTimeOffset? ProcessedAt { get; set; }
    }
}

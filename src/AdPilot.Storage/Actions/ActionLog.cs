using System.Data.Common;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Actions;

/// <summary>The action log on either dialect; see <see cref="IActionLog"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock for decided, attempted and completed times.</param>
public sealed class ActionLog(StorageDatabase database, TimeProvider time) : IActionLog
{
    private const string Select = """
        SELECT id, idempotency_key, platform, adset_external_id, ts_hour, mode, state, policy_name, policy_version, checkpoint_version,
               proposed_action, final_action, propensity, guardrail_verdict, guardrail_reasons, status, platform_response, error,
               decided_at, attempted_at, completed_at
        FROM actions_log
        """;

    /// <inheritdoc />
    public async Task<ActionLogEntry> RecordAsync(long storeId, ActionDecision decision, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(decision);
        if (decision.Status is not (ActionStatus.Shadow or ActionStatus.PendingApproval or ActionStatus.Intended))
        {
            throw new ArgumentException($"a decision is logged as shadow, pending_approval or intended, not {EnumText.ToText(decision.Status)}", nameof(decision));
        }

        var json = (string p) => Sql.Json(database.Dialect, p);
        var sql = $"""
            INSERT INTO actions_log (store_id, idempotency_key, platform, adset_external_id, ts_hour, mode, state, policy_name, policy_version,
                                     checkpoint_version, proposed_action, final_action, propensity, guardrail_verdict, guardrail_reasons, status,
                                     decided_at, attempted_at)
            VALUES (@StoreId, @IdempotencyKey, @Platform, @AdSet, @Hour, @Mode, {json("@State")}, @PolicyName, @PolicyVersion,
                    @CheckpointVersion, {json("@Proposed")}, {json("@Final")}, @Propensity, @Verdict, {json("@Reasons")}, @Status,
                    @Now, @AttemptedAt)
            ON CONFLICT (store_id, idempotency_key) DO NOTHING
            """;
        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new
            {
                StoreId = storeId,
                decision.IdempotencyKey,
                Platform = Sql.Name(decision.AdSet.Platform),
                AdSet = decision.AdSet.ExternalId,
                Hour = Sql.Utc(decision.Hour),
                Mode = EnumText.ToText(decision.Mode),
                State = decision.StateJson,
                decision.PolicyName,
                decision.PolicyVersion,
                decision.CheckpointVersion,
                Proposed = decision.ProposedActionJson,
                Final = decision.FinalActionJson,
                decision.Propensity,
                Verdict = EnumText.ToText(decision.Verdict),
                Reasons = JsonSerializer.Serialize(decision.GuardrailReasons, StorageJsonContext.Default.IReadOnlyListString),
                Status = EnumText.ToText(decision.Status),
                Now = now,
                AttemptedAt = decision.Status == ActionStatus.Intended ? now : (DateTimeOffset?)null,
            },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return (await QueryAsync(connection, "WHERE store_id = @storeId AND idempotency_key = @key", new { storeId, key = decision.IdempotencyKey }, cancellationToken).ConfigureAwait(false))[0];
    }

    /// <inheritdoc />
    public Task<ActionLogEntry> MarkIntendedAsync(long storeId, long actionId, CancellationToken cancellationToken) =>
        TransitionAsync(storeId, actionId, ActionStatus.PendingApproval, "status = 'intended', attempted_at = @Now", new { }, cancellationToken);

    /// <inheritdoc />
    public Task<ActionLogEntry> CompleteAsync(long storeId, long actionId, bool succeeded, string? platformResponse, string? error, CancellationToken cancellationToken) =>
        TransitionAsync(
            storeId,
            actionId,
            ActionStatus.Intended,
            "status = @Outcome, platform_response = @Response, error = @Error, completed_at = @Now",
            new { Outcome = succeeded ? "applied" : "failed", Response = platformResponse, Error = error },
            cancellationToken);

    /// <inheritdoc />
    public Task<ActionLogEntry> MarkRolledBackAsync(long storeId, long actionId, string? platformResponse, CancellationToken cancellationToken) =>
        TransitionAsync(storeId, actionId, ActionStatus.Applied, "status = 'rolled_back', platform_response = @Response, completed_at = @Now", new { Response = platformResponse }, cancellationToken);

    /// <inheritdoc />
    public async Task<ActionLogEntry?> GetAsync(long storeId, long actionId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await QueryAsync(connection, "WHERE store_id = @storeId AND id = @actionId", new { storeId, actionId }, cancellationToken).ConfigureAwait(false)).SingleOrDefault();
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActionLogEntry>> ListOpenIntentsAsync(long storeId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync(connection, "WHERE store_id = @storeId AND status = 'intended' ORDER BY id", new { storeId }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActionLogEntry>> ListAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync(
            connection,
            "WHERE store_id = @storeId AND ts_hour >= @from AND ts_hour < @to ORDER BY ts_hour, id",
            new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<AdSetRef, DateTimeOffset>> LastAppliedChangesAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, string? excludedResponse, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT platform AS Platform, adset_external_id AS AdSetExternalId, MAX(completed_at) AS CompletedAt
            FROM actions_log
            WHERE store_id = @storeId AND ts_hour >= @from AND ts_hour < @to AND status = @applied AND completed_at IS NOT NULL
              AND (platform_response IS NULL OR platform_response <> @excluded)
            GROUP BY platform, adset_external_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<LastChangeRow>(new CommandDefinition(
            sql,
            new { storeId, from = Sql.Utc(from), to = Sql.Utc(to), applied = EnumText.ToText(ActionStatus.Applied), excluded = excludedResponse ?? string.Empty },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => new AdSetRef(Sql.ParsePlatform(r.Platform), r.AdSetExternalId), r => r.CompletedAt);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActionLogEntry>> ListAppliedAsync(long storeId, AdSetRef adSet, DateTimeOffset since, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync(
            connection,
            """
            WHERE store_id = @storeId AND platform = @platform AND adset_external_id = @id AND status = @applied AND completed_at >= @since
            ORDER BY id
            """,
            new { storeId, platform = Sql.Name(adSet.Platform), id = adSet.ExternalId, applied = EnumText.ToText(ActionStatus.Applied), since = Sql.Utc(since) },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<ActionLogEntry>> LatestAppliedAsync(long storeId, CancellationToken cancellationToken)
    {
        const string where = """
            WHERE store_id = @storeId AND id IN (
                SELECT MAX(a.id)
                FROM actions_log a
                JOIN (SELECT platform, adset_external_id, MAX(completed_at) AS last
                      FROM actions_log
                      WHERE store_id = @storeId AND status = @applied AND final_action IS NOT NULL AND completed_at IS NOT NULL
                      GROUP BY platform, adset_external_id) m
                  ON m.platform = a.platform AND m.adset_external_id = a.adset_external_id AND m.last = a.completed_at
                WHERE a.store_id = @storeId AND a.status = @applied AND a.final_action IS NOT NULL
                GROUP BY a.platform, a.adset_external_id)
            ORDER BY platform, adset_external_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await QueryAsync(connection, where, new { storeId, applied = EnumText.ToText(ActionStatus.Applied) }, cancellationToken).ConfigureAwait(false);
    }

    private async Task<ActionLogEntry> TransitionAsync(long storeId, long actionId, ActionStatus from, string set, object values, CancellationToken cancellationToken)
    {
        var parameters = new DynamicParameters(values);
        parameters.Add("StoreId", storeId);
        parameters.Add("Id", actionId);
        parameters.Add("From", EnumText.ToText(from));
        parameters.Add("Now", time.GetUtcNow());
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var changed = await connection.ExecuteAsync(new CommandDefinition(
            $"UPDATE actions_log SET {set} WHERE store_id = @StoreId AND id = @Id AND status = @From", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var entry = (await QueryAsync(connection, "WHERE store_id = @storeId AND id = @actionId", new { storeId, actionId }, cancellationToken).ConfigureAwait(false)).SingleOrDefault()
            ?? throw new InvalidOperationException($"action {actionId} is not in the log of store {storeId}");
        if (changed == 0)
        {
            throw new InvalidOperationException($"action {actionId} is {EnumText.ToText(entry.Status)}, not {EnumText.ToText(from)}; nothing was changed");
        }

        return entry;
    }

    private static async Task<IReadOnlyList<ActionLogEntry>> QueryAsync(DbConnection connection, string where, object parameters, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<Row>(new CommandDefinition($"{Select} {where}", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToEntry())];
    }

    private sealed class LastChangeRow
    {
        public string Platform { get; set; } = string.Empty;

        public string AdSetExternalId { get; set; } = string.Empty;

        public DateTimeOffset CompletedAt { get; set; }
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public string IdempotencyKey { get; set; } = string.Empty;

        public string Platform { get; set; } = string.Empty;

        public string AdsetExternalId { get; set; } = string.Empty;

        public DateTimeOffset TsHour { get; set; }

        public string Mode { get; set; } = string.Empty;

        public string State { get; set; } = string.Empty;

        public string PolicyName { get; set; } = string.Empty;

        public string PolicyVersion { get; set; } = string.Empty;

        public string? CheckpointVersion { get; set; }

        public string ProposedAction { get; set; } = string.Empty;

        public string? FinalAction { get; set; }

        public double? Propensity { get; set; }

        public string GuardrailVerdict { get; set; } = string.Empty;

        public string GuardrailReasons { get; set; } = "[]";

        public string Status { get; set; } = string.Empty;

        public string? PlatformResponse { get; set; }

        public string? Error { get; set; }

        public DateTimeOffset DecidedAt { get; set; }

        public DateTimeOffset? AttemptedAt { get; set; }

        public DateTimeOffset? CompletedAt { get; set; }

        public ActionLogEntry ToEntry() => new(
            Id,
            new ActionDecision
            {
                IdempotencyKey = IdempotencyKey,
                AdSet = new AdSetRef(Sql.ParsePlatform(Platform), AdsetExternalId),
                Hour = TsHour,
                Mode = EnumText.Parse<RolloutMode>(Mode),
                StateJson = State,
                PolicyName = PolicyName,
                PolicyVersion = PolicyVersion,
                CheckpointVersion = CheckpointVersion,
                ProposedActionJson = ProposedAction,
                FinalActionJson = FinalAction,
                Propensity = Propensity,
                Verdict = EnumText.Parse<GuardrailVerdict>(GuardrailVerdict),
                GuardrailReasons = JsonSerializer.Deserialize(GuardrailReasons, StorageJsonContext.Default.IReadOnlyListString) ?? [],
                Status = EnumText.Parse<ActionStatus>(Status),
            },
            PlatformResponse,
            Error,
            DecidedAt,
            AttemptedAt,
            CompletedAt);
    }
}

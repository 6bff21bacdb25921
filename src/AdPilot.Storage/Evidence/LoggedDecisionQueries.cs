using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Evidence;

/// <summary>
/// What off-policy evaluation reads of the action log, on either dialect: a store's policy decisions over a range of
/// hours with the ad account of each ad set, and how many entries other writers (people, the kill switch) logged.
/// </summary>
/// <param name="database">The database.</param>
public sealed class LoggedDecisionQueries(StorageDatabase database)
{
    /// <summary>
    /// The decisions logged for hours in [<paramref name="from"/>, <paramref name="to"/>) by every policy not in
    /// <paramref name="excludedPolicies"/>, by hour, platform, ad set and id. The account comes from the ad set's
    /// campaign; it is null for an ad set the database does not hold.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first hour.</param>
    /// <param name="to">The end hour, exclusive.</param>
    /// <param name="excludedPolicies">Policy names whose entries are not decisions (e.g. <c>human</c>, <c>kill_switch</c>).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The decisions.</returns>
    public async Task<IReadOnlyList<LoggedDecisionRow>> ListAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> excludedPolicies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(excludedPolicies);
        var sql = $"""
            SELECT a.id AS Id, a.platform AS Platform, a.adset_external_id AS AdSetExternalId, acc.external_id AS AccountExternalId,
                   a.ts_hour AS Hour, a.mode AS Mode, a.state AS State, a.policy_name AS PolicyName, a.policy_version AS PolicyVersion,
                   a.checkpoint_version AS CheckpointVersion, a.proposed_action AS ProposedAction, a.propensity AS Propensity, a.status AS Status
            FROM actions_log a
            LEFT JOIN adsets s ON s.store_id = a.store_id AND s.platform = a.platform AND s.external_id = a.adset_external_id
            LEFT JOIN campaigns c ON c.id = s.campaign_id
            LEFT JOIN ad_accounts acc ON acc.id = c.account_id
            WHERE a.store_id = @storeId AND a.ts_hour >= @from AND a.ts_hour < @to
              AND NOT (a.policy_name {Sql.InList(database.Dialect, "@excluded")})
            ORDER BY a.ts_hour, a.platform, a.adset_external_id, a.id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<Row>(new CommandDefinition(
            sql,
            new { storeId, from = Sql.Utc(from), to = Sql.Utc(to), excluded = Names(excludedPolicies) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => r.ToDecision())];
    }

    /// <summary>How many entries each of some policies logged for hours in [<paramref name="from"/>, <paramref name="to"/>); a policy with none is absent.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first hour.</param>
    /// <param name="to">The end hour, exclusive.</param>
    /// <param name="policies">The policy names to count.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The counts by policy name.</returns>
    public async Task<IReadOnlyDictionary<string, int>> CountByPolicyAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, IReadOnlyCollection<string> policies, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(policies);
        var sql = $"""
            SELECT policy_name AS PolicyName, COUNT(*) AS Entries
            FROM actions_log
            WHERE store_id = @storeId AND ts_hour >= @from AND ts_hour < @to AND policy_name {Sql.InList(database.Dialect, "@policies")}
            GROUP BY policy_name
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<CountRow>(new CommandDefinition(
            sql,
            new { storeId, from = Sql.Utc(from), to = Sql.Utc(to), policies = Names(policies) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => r.PolicyName, r => (int)r.Entries, StringComparer.Ordinal);
    }

    private static string[] Names(IReadOnlyCollection<string> names) => names.Count == 0 ? [string.Empty] : [.. names];

    private sealed class CountRow
    {
        public string PolicyName { get; set; } = string.Empty;

        public long Entries { get; set; }
    }

    private sealed class Row
    {
        public long Id { get; set; }

        public string Platform { get; set; } = string.Empty;

        public string AdSetExternalId { get; set; } = string.Empty;

        public string? AccountExternalId { get; set; }

        public DateTimeOffset Hour { get; set; }

        public string Mode { get; set; } = string.Empty;

        public string State { get; set; } = string.Empty;

        public string PolicyName { get; set; } = string.Empty;

        public string PolicyVersion { get; set; } = string.Empty;

        public string? CheckpointVersion { get; set; }

        public string ProposedAction { get; set; } = string.Empty;

        public double? Propensity { get; set; }

        public string Status { get; set; } = string.Empty;

        public LoggedDecisionRow ToDecision() => new(
            Id,
            new AdSetRef(Sql.ParsePlatform(Platform), AdSetExternalId),
            AccountExternalId,
            Hour,
            EnumText.Parse<RolloutMode>(Mode),
            State,
            PolicyName,
            PolicyVersion,
            CheckpointVersion,
            ProposedAction,
            Propensity,
            EnumText.Parse<ActionStatus>(Status));
    }
}

using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using Dapper;

namespace AdPilot.Storage.Dashboard;

/// <summary>The dashboard's read model on either dialect; see <see cref="IDashboardQueries"/>.</summary>
/// <remarks>
/// Money is summed here in decimal from the rows the range selects, not by the database: SQLite keeps money as text,
/// which its SUM adds in binary floating point, and store-local days are cut with the store's IANA time zone, which
/// SQLite cannot do. A dashboard range is days of ad set-hours, which stream in well under a second.
/// </remarks>
/// <param name="database">The database.</param>
public sealed class DashboardQueries(StorageDatabase database) : IDashboardQueries
{
    /// <summary>The most rows one page of the action log returns.</summary>
    public const int MaxPageSize = 500;

    /// <inheritdoc />
    public async Task<IReadOnlyList<PerformancePoint>> PerformanceAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, TimeBucket bucket, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        const string sql = """
            SELECT ts_hour, platform, spend, revenue, cogs, profit, conversions
            FROM rewards WHERE store_id = @storeId AND ts_hour >= @from AND ts_hour < @to
            """;
        var sums = new Dictionary<(DateTimeOffset, Platform), Sums>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var hour = Sql.ReadInstant(reader.GetValue(0));
            var key = (bucket == TimeBucket.Day ? DayStart(hour, zone) : hour, Sql.ParsePlatform(reader.GetString(1)));
            var s = sums.GetValueOrDefault(key);
            sums[key] = new Sums(
                s.Spend + reader.GetDecimal(2), s.Revenue + reader.GetDecimal(3), s.Cogs + reader.GetDecimal(4), s.Profit + reader.GetDecimal(5), s.Count + Convert.ToInt64(reader.GetValue(6), CultureInfo.InvariantCulture));
        }

        return [.. sums
            .OrderBy(p => p.Key.Item1).ThenBy(p => p.Key.Item2)
            .Select(p => new PerformancePoint(p.Key.Item1, p.Key.Item2, p.Value.Spend, p.Value.Revenue, p.Value.Cogs, p.Value.Profit, p.Value.Count))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<CreativePerformance>> CreativesAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT r.platform, r.adset_external_id, a.creative_group, r.spend, r.revenue, r.profit
            FROM rewards r
            LEFT JOIN adsets a ON a.store_id = r.store_id AND a.platform = r.platform AND a.external_id = r.adset_external_id
            WHERE r.store_id = @storeId AND r.ts_hour >= @from AND r.ts_hour < @to
            """;
        var adSets = new Dictionary<AdSetRef, (string? Group, Sums Sums)>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var adSet = new AdSetRef(Sql.ParsePlatform(reader.GetString(0)), reader.GetString(1));
                var (group, s) = adSets.GetValueOrDefault(adSet);
                adSets[adSet] = (
                    reader.IsDBNull(2) ? group : reader.GetString(2),
                    new Sums(s.Spend + reader.GetDecimal(3), s.Revenue + reader.GetDecimal(4), 0m, s.Profit + reader.GetDecimal(5), 0));
            }
        }

        // An ad set without a stored creative group reads as the creative type the policy last saw for it.
        var logged = adSets.Values.Any(a => a.Group is null)
            ? await LoggedCreativeTypesAsync(connection, storeId, cancellationToken).ConfigureAwait(false)
            : new Dictionary<AdSetRef, string>();
        return [.. adSets
            .GroupBy(a => (a.Key.Platform, Group: a.Value.Group ?? logged.GetValueOrDefault(a.Key)))
            .Select(g => new CreativePerformance(
                g.Key.Platform, g.Key.Group, g.Count(), g.Sum(a => a.Value.Sums.Spend), g.Sum(a => a.Value.Sums.Revenue), g.Sum(a => a.Value.Sums.Profit)))
            .OrderByDescending(c => c.Spend).ThenBy(c => c.Platform).ThenBy(c => c.CreativeGroup, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PlatformInsights>> PlatformInsightsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT platform, impressions, clicks, spend, purchases, revenue
            FROM insights_hourly
            WHERE store_id = @storeId AND entity_type = 'adset' AND ts_hour >= @from AND ts_hour < @to
            """;
        var sums = new SortedDictionary<Platform, PlatformInsights>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var platform = Sql.ParsePlatform(reader.GetString(0));
            var s = sums.GetValueOrDefault(platform) ?? new PlatformInsights(platform, 0, 0, 0m, 0, 0m);
            sums[platform] = s with
            {
                Impressions = s.Impressions + Convert.ToInt64(reader.GetValue(1), CultureInfo.InvariantCulture),
                Clicks = s.Clicks + Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture),
                Spend = s.Spend + reader.GetDecimal(3),
                Purchases = s.Purchases + Convert.ToInt64(reader.GetValue(4), CultureInfo.InvariantCulture),
                Revenue = s.Revenue + reader.GetDecimal(5),
            };
        }

        return [.. sums.Values];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DailyReward>> DailyRewardsAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(zone);
        const string sql = "SELECT ts_hour, reward, profit FROM rewards WHERE store_id = @storeId AND ts_hour >= @from AND ts_hour < @to";
        var days = new SortedDictionary<DateOnly, DailyReward>();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(Sql.ReadInstant(reader.GetValue(0)), zone).DateTime);
            var d = days.GetValueOrDefault(day) ?? new DailyReward(day, 0, 0m, 0);
            days[day] = d with { Reward = d.Reward + reader.GetDouble(1), Profit = d.Profit + reader.GetDecimal(2), Hours = d.Hours + 1 };
        }

        return [.. days.Values];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PolicyVersionUse>> PolicyVersionsAsync(long storeId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT policy_name AS PolicyName, policy_version AS PolicyVersion, checkpoint_version AS CheckpointVersion,
                   COUNT(*) AS Decisions, MIN(decided_at) AS FirstDecidedAt, MAX(decided_at) AS LastDecidedAt
            FROM actions_log WHERE store_id = @storeId
            GROUP BY policy_name, policy_version, checkpoint_version
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = new List<PolicyVersionUse>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new PolicyVersionUse(
                reader.GetString(0),
                reader.GetString(1),
                reader.IsDBNull(2) ? null : reader.GetString(2),
                Convert.ToInt64(reader.GetValue(3), CultureInfo.InvariantCulture),
                Sql.ReadInstant(reader.GetValue(4)),
                Sql.ReadInstant(reader.GetValue(5))));
        }

        return [.. rows.OrderByDescending(r => r.LastDecidedAt).ThenBy(r => r.PolicyName, StringComparer.Ordinal).ThenBy(r => r.CheckpointVersion, StringComparer.Ordinal)];
    }

    /// <inheritdoc />
    public async Task<ActionPage> ActionsAsync(
        long storeId, GuardrailVerdict? verdict, ActionStatus? status, int offset, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(offset);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        var where = "WHERE store_id = @storeId"
            + (verdict is null ? string.Empty : " AND guardrail_verdict = @verdict")
            + (status is null ? string.Empty : " AND status = @status");
        var parameters = new
        {
            storeId,
            verdict = verdict is { } v ? EnumText.ToText(v) : null,
            status = status is { } s ? EnumText.ToText(s) : null,
            offset,
            limit,
        };
        var sql = $"""
            SELECT id, platform, adset_external_id, ts_hour, mode, policy_name, checkpoint_version, proposed_action, final_action,
                   guardrail_verdict, guardrail_reasons, status, error, decided_at
            FROM actions_log {where}
            ORDER BY id DESC
            LIMIT @limit OFFSET @offset
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var total = await connection.ExecuteScalarAsync<long>(new CommandDefinition(
            $"SELECT COUNT(*) FROM actions_log {where}", parameters, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = new List<ActionRow>(limit);
        await using (var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, parameters, cancellationToken: cancellationToken)).ConfigureAwait(false))
        {
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                rows.Add(new ActionRow(
                    reader.GetInt64(0),
                    new AdSetRef(Sql.ParsePlatform(reader.GetString(1)), reader.GetString(2)),
                    Sql.ReadInstant(reader.GetValue(3)),
                    EnumText.Parse<RolloutMode>(reader.GetString(4)),
                    reader.GetString(5),
                    NullableText(reader, 6),
                    reader.GetString(7),
                    NullableText(reader, 8),
                    EnumText.Parse<GuardrailVerdict>(reader.GetString(9)),
                    reader.GetString(10),
                    EnumText.Parse<ActionStatus>(reader.GetString(11)),
                    NullableText(reader, 12),
                    Sql.ReadInstant(reader.GetValue(13))));
            }
        }

        return new ActionPage(rows, total);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<DecidedApproval>> RecentDecisionsAsync(long storeId, int limit, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, MaxPageSize);
        const string sql = """
            SELECT p.id, p.action_id, a.platform, a.adset_external_id, p.status, p.decided_by, p.decided_at, p.note
            FROM approvals p JOIN actions_log a ON a.id = p.action_id AND a.store_id = p.store_id
            WHERE p.store_id = @storeId AND p.status <> 'pending'
            ORDER BY p.decided_at DESC, p.id DESC
            LIMIT @limit
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, new { storeId, limit }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        var rows = new List<DecidedApproval>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(new DecidedApproval(
                reader.GetInt64(0),
                reader.GetInt64(1),
                new AdSetRef(Sql.ParsePlatform(reader.GetString(2)), reader.GetString(3)),
                EnumText.Parse<ApprovalStatus>(reader.GetString(4)),
                NullableText(reader, 5),
                reader.IsDBNull(6) ? null : Sql.ReadInstant(reader.GetValue(6)),
                NullableText(reader, 7)));
        }

        return rows;
    }

    /// <summary>The <c>creative_type</c> in the state of each ad set's latest policy decision, lower case.</summary>
    private static async Task<Dictionary<AdSetRef, string>> LoggedCreativeTypesAsync(DbConnection connection, long storeId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT platform, adset_external_id, state FROM actions_log
            WHERE store_id = @storeId AND id IN (
                SELECT MAX(id) FROM actions_log
                WHERE store_id = @storeId AND policy_name <> 'human' AND policy_name <> 'kill_switch'
                GROUP BY platform, adset_external_id)
            """;
        var types = new Dictionary<AdSetRef, string>();
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(sql, new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            try
            {
                using var state = JsonDocument.Parse(reader.GetString(2));
                if (state.RootElement.ValueKind == JsonValueKind.Object
                    && state.RootElement.TryGetProperty("creative_type", out var type) && type.ValueKind == JsonValueKind.String
                    && type.GetString() is { Length: > 0 } text)
                {
                    types[new AdSetRef(Sql.ParsePlatform(reader.GetString(0)), reader.GetString(1))] = text.ToLowerInvariant();
                }
            }
            catch (JsonException)
            {
                // A state that is not JSON says nothing about the creative; the ad set stays without a group.
            }
        }

        return types;
    }

    /// <summary>The UTC instant the store-local day holding <paramref name="hour"/> starts (a DST-correct midnight).</summary>
    private static DateTimeOffset DayStart(DateTimeOffset hour, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(hour, zone);
        var midnight = local.Date;
        return new DateTimeOffset(midnight, zone.GetUtcOffset(midnight)).ToUniversalTime();
    }

    private static string? NullableText(DbDataReader reader, int ordinal) => reader.IsDBNull(ordinal) ? null : reader.GetString(ordinal);

    private readonly record struct Sums(decimal Spend, decimal Revenue, decimal Cogs, decimal Profit, long Count);
}

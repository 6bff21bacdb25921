using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Ingestion;
using Dapper;

namespace AdPilot.Storage.Features;

/// <summary>Feature reads on either dialect; see <see cref="IFeatureQueries"/>.</summary>
/// <param name="database">The database.</param>
public sealed class FeatureQueries(StorageDatabase database) : IFeatureQueries
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<AdSetRecord>> ListAdSetsAsync(long storeId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT a.platform, a.external_id, c.external_id AS campaign_external_id, a.name, a.status, a.daily_budget, a.currency, a.bid_strategy,
                   a.target_age_group, a.interests, a.creative_group
            FROM adsets a JOIN campaigns c ON c.id = a.campaign_id
            WHERE a.store_id = @storeId ORDER BY a.platform, a.external_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<AdSetRow>(new CommandDefinition(sql, new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new AdSetRecord
        {
            Platform = Sql.ParsePlatform(r.Platform),
            ExternalId = r.ExternalId,
            CampaignExternalId = r.CampaignExternalId,
            Name = r.Name,
            Status = r.Status,
            DailyBudget = r.DailyBudget,
            Currency = r.Currency.Trim(),
            BidStrategy = r.BidStrategy,
            TargetAgeGroup = r.TargetAgeGroup,
            Interests = JsonSerializer.Deserialize(r.Interests, StorageJsonContext.Default.IReadOnlyListString) ?? [],
            CreativeGroup = r.CreativeGroup,
        })];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InsightRow>> AdSetInsightsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT platform, entity_external_id, ts_hour, impressions, clicks, spend, currency, purchases, revenue
            FROM insights_hourly
            WHERE store_id = @storeId AND entity_type = 'adset' AND ts_hour >= @from AND ts_hour < @to
            ORDER BY platform, entity_external_id, ts_hour
            """;
        // Rows stream from the reader into the one list (a store's hours are tens of thousands of rows), sharing one
        // currency string.
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<InsightRow>();
        var currency = string.Empty;
        await foreach (var r in connection.QueryUnbufferedAsync<InsightDbRow>(sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) })
            .WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var rowCurrency = r.Currency.Trim();
            currency = string.Equals(currency, rowCurrency, StringComparison.Ordinal) ? currency : rowCurrency;
            result.Add(new InsightRow(
                Sql.ParsePlatform(r.Platform), InsightEntityType.AdSet, r.EntityExternalId, r.TsHour, r.Impressions, r.Clicks, r.Spend, currency, (int)r.Purchases, r.Revenue));
        }

        return result;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrderRecord>> OrdersAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql = $"""
            {OrderColumns} WHERE store_id = @storeId AND created_at >= @from AND created_at < @to ORDER BY created_at, order_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OrderRow>(new CommandDefinition(sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(ToRecord)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<(DateTimeOffset HourUtc, long Orders)>> OrderCountsByHourAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        // Both give the hour as text 'yyyy-MM-dd HH' (UTC): SQLite stores instants as ISO 8601 text in UTC.
        var hour = database.Dialect == DatabaseDialect.PostgreSql
            ? "to_char(date_trunc('hour', created_at AT TIME ZONE 'UTC'), 'YYYY-MM-DD HH24')"
            : "substr(created_at, 1, 13)";
        var sql = $"""
            SELECT {hour} AS hour, COUNT(*) AS orders FROM orders
            WHERE store_id = @storeId AND created_at >= @from AND created_at < @to
            GROUP BY 1 ORDER BY 1
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<(string Hour, long Orders)>(new CommandDefinition(
            sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => (
            DateTimeOffset.ParseExact(r.Hour.Replace('T', ' '), "yyyy-MM-dd HH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal),
            r.Orders))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrderRecord>> OrdersUpdatedAfterAsync(
        long storeId, DateTimeOffset? updatedAfter, DateTimeOffset createdFrom, DateTimeOffset createdTo, CancellationToken cancellationToken)
    {
        // Two statements rather than "@after IS NULL OR …": PostgreSQL cannot type a parameter that is only ever null.
        const string all = $"""
            {OrderColumns} WHERE store_id = @storeId AND created_at >= @from AND created_at < @to ORDER BY created_at, order_id
            """;
        const string changed = $"""
            {OrderColumns}
            WHERE store_id = @storeId AND source_updated_at > @after AND created_at >= @from AND created_at < @to
            ORDER BY created_at, order_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OrderRow>(new CommandDefinition(
            updatedAfter is null ? all : changed,
            new { storeId, after = Sql.Utc(updatedAfter ?? DateTimeOffset.UnixEpoch), from = Sql.Utc(createdFrom), to = Sql.Utc(createdTo) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(ToRecord)];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<InsightRow>> AdSetInsightsAsync(
        long storeId, Platform platform, IReadOnlyCollection<string> externalIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        if (externalIds.Count == 0)
        {
            return [];
        }

        var ids = Sql.InList(database.Dialect, "@ids");
        var sql = $"""
            SELECT platform, entity_external_id, ts_hour, impressions, clicks, spend, currency, purchases, revenue
            FROM insights_hourly
            WHERE store_id = @storeId AND entity_type = 'adset' AND platform = @platform AND entity_external_id {ids} AND ts_hour >= @from AND ts_hour < @to
            ORDER BY entity_external_id, ts_hour
            """;
        // Rows stream from the reader (an account's window is hundreds of thousands of them), and each keeps the caller's
        // id string and one currency string rather than a copy of its own.
        var known = KnownIds(externalIds);

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = connection.QueryUnbufferedAsync<InsightDbRow>(
            sql, new { storeId, platform = Sql.Name(platform), ids = known.Keys.ToArray(), from = Sql.Utc(from), to = Sql.Utc(to) });
        var result = new List<InsightRow>();
        var currency = string.Empty;
        await foreach (var r in rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            var rowCurrency = r.Currency.Trim();
            currency = string.Equals(currency, rowCurrency, StringComparison.Ordinal) ? currency : rowCurrency;
            result.Add(new InsightRow(
                platform, InsightEntityType.AdSet, known.GetValueOrDefault(r.EntityExternalId, r.EntityExternalId), r.TsHour, r.Impressions, r.Clicks, r.Spend, currency, (int)r.Purchases, r.Revenue));
        }

        return result;
    }

    /// <inheritdoc />
    public async IAsyncEnumerable<AdSetHistoryRow> AdSetHistoryAsync(
        long storeId,
        Platform platform,
        IReadOnlyCollection<string> externalIds,
        DateTimeOffset from,
        DateTimeOffset to,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(externalIds);
        if (externalIds.Count == 0)
        {
            yield break;
        }

        // One statement, both kinds of row, sorted by ad set so that a reader holds one ad set at a time. Each column has
        // one type in both halves (SQLite's union otherwise mixes integers, reals and text in a column). SQLite keeps
        // instants as ISO 8601 text in UTC ('yyyy-MM-dd HH:mm:ss+00:00' for a whole hour), so an order's hour is its first
        // 13 characters with the rest of a whole hour appended; PostgreSQL truncates in UTC whatever the session's zone.
        var postgres = database.Dialect == DatabaseDialect.PostgreSql;
        var ids = Sql.InList(database.Dialect, "@ids");
        var sql = postgres
            ? $"""
                SELECT id, kind, hour, impressions, clicks, spend, purchases, orders, revenue FROM (
                    SELECT entity_external_id COLLATE "C" AS id, 0::bigint AS kind, ts_hour AS hour, impressions, clicks, spend,
                           purchases::bigint AS purchases, 0::bigint AS orders, 0::numeric AS revenue
                    FROM insights_hourly
                    WHERE store_id = @storeId AND entity_type = 'adset' AND platform = @platform AND entity_external_id {ids}
                        AND ts_hour >= @from AND ts_hour < @to
                    UNION ALL
                    SELECT adset_external_id COLLATE "C", 1::bigint, date_trunc('hour', created_at AT TIME ZONE 'UTC') AT TIME ZONE 'UTC',
                           0::bigint, 0::bigint, 0::numeric, 0::bigint, COUNT(*), SUM(total)
                    FROM orders
                    WHERE store_id = @storeId AND attribution_source = 'utm' AND platform = @platform AND adset_external_id {ids}
                        AND created_at >= @from AND created_at < @to
                    GROUP BY 1, 3
                ) h
                ORDER BY id, kind, hour
                """
            : $"""
                SELECT entity_external_id AS id, 0 AS kind, ts_hour AS hour, impressions, clicks, spend, purchases, 0 AS orders, '0' AS revenue
                FROM insights_hourly
                WHERE store_id = @storeId AND entity_type = 'adset' AND platform = @platform AND entity_external_id {ids}
                    AND ts_hour >= @from AND ts_hour < @to
                UNION ALL
                SELECT adset_external_id, 1, substr(created_at, 1, 13) || ':00:00+00:00', 0, 0, '0', 0, COUNT(*), CAST(SUM(total) AS TEXT)
                FROM orders
                WHERE store_id = @storeId AND attribution_source = 'utm' AND platform = @platform AND adset_external_id {ids}
                    AND created_at >= @from AND created_at < @to
                GROUP BY 1, 3
                ORDER BY 1, 2, 3
                """;

        // Each row keeps the caller's id string rather than a copy of its own.
        var known = KnownIds(externalIds);

        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var reader = await connection.ExecuteReaderAsync(new CommandDefinition(
            sql,
            new { storeId, platform = Sql.Name(platform), ids = known.Keys.ToArray(), from = Sql.Utc(from), to = Sql.Utc(to) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        var last = string.Empty;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var id = reader.GetString(0);
            if (!string.Equals(id, last, StringComparison.Ordinal))
            {
                last = known.GetValueOrDefault(id, id);
            }

            yield return new AdSetHistoryRow(
                last,
                reader.GetInt64(1) == 1,
                Sql.ReadInstant(reader.GetValue(2)),
                reader.GetInt64(3),
                reader.GetInt64(4),
                reader.GetDecimal(5),
                reader.GetInt64(6),
                reader.GetInt64(7),
                reader.GetDecimal(8));
        }
    }

    /// <summary>The caller's id strings by value, so that rows read can share them rather than keep copies of their own.</summary>
    private static Dictionary<string, string> KnownIds(IReadOnlyCollection<string> externalIds)
    {
        var known = new Dictionary<string, string>(externalIds.Count, StringComparer.Ordinal);
        foreach (var id in externalIds)
        {
            known.TryAdd(id, id);
        }

        return known;
    }

    private const string OrderColumns = """
        SELECT order_id, created_at, total, cogs, refunded, currency, canceled_at, attribution_source, utm_campaign, platform, adset_external_id, source_updated_at
        FROM orders
        """;

    private static OrderRecord ToRecord(OrderRow r) => new()
    {
        OrderId = r.OrderId,
        CreatedAt = r.CreatedAt,
        Total = r.Total,
        Cogs = r.Cogs,
        Refunded = r.Refunded,
        Currency = r.Currency.Trim(),
        CanceledAt = r.CanceledAt,
        AttributionSource = r.AttributionSource,
        UtmCampaign = r.UtmCampaign,
        Platform = r.Platform is null ? null : Sql.ParsePlatform(r.Platform),
        AdSetExternalId = r.AdsetExternalId,
        SourceUpdatedAt = r.SourceUpdatedAt,
    };

    private sealed class AdSetRow
    {
        public string Platform { get; set; } = string.Empty;

        public string ExternalId { get; set; } = string.Empty;

        public string CampaignExternalId { get; set; } = string.Empty;

        public string Name { get; set; } = string.Empty;

        public string Status { get; set; } = string.Empty;

        public decimal? DailyBudget { get; set; }

        public string Currency { get; set; } = string.Empty;

        public string? BidStrategy { get; set; }

        public string? TargetAgeGroup { get; set; }

        public string Interests { get; set; } = "[]";

        public string? CreativeGroup { get; set; }
    }

    private sealed class InsightDbRow
    {
        public string Platform { get; set; } = string.Empty;

        public string EntityExternalId { get; set; } = string.Empty;

        public DateTimeOffset TsHour { get; set; }

        public long Impressions { get; set; }

        public long Clicks { get; set; }

        public decimal Spend { get; set; }

        public string Currency { get; set; } = string.Empty;

        public long Purchases { get; set; }

        public decimal Revenue { get; set; }
    }

    private sealed class OrderRow
    {
        public string OrderId { get; set; } = string.Empty;

        public DateTimeOffset CreatedAt { get; set; }

        public decimal Total { get; set; }

        public decimal? Cogs { get; set; }

        public decimal Refunded { get; set; }

        public string Currency { get; set; } = string.Empty;

        public DateTimeOffset? CanceledAt { get; set; }

        public string? AttributionSource { get; set; }

        public string? UtmCampaign { get; set; }

        public string? Platform { get; set; }

        public string? AdsetExternalId { get; set; }

        public DateTimeOffset SourceUpdatedAt { get; set; }
    }
}

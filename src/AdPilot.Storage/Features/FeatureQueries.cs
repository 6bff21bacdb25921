using System.Text.Json;
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
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<InsightDbRow>(new CommandDefinition(sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new InsightRow(
            Sql.ParsePlatform(r.Platform), InsightEntityType.AdSet, r.EntityExternalId, r.TsHour, r.Impressions, r.Clicks, r.Spend, r.Currency.Trim(), (int)r.Purchases, r.Revenue))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OrderRecord>> OrdersAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT order_id, created_at, total, cogs, refunded, currency, canceled_at, attribution_source, utm_campaign, platform, adset_external_id, source_updated_at
            FROM orders WHERE store_id = @storeId AND created_at >= @from AND created_at < @to ORDER BY created_at, order_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<OrderRow>(new CommandDefinition(sql, new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new OrderRecord
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
        })];
    }

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

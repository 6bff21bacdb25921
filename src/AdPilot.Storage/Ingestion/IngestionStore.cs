using System.Data.Common;
using System.Globalization;
using System.Text.Json;
using AdPilot.Storage.Connections;
using Dapper;
using Microsoft.Data.Sqlite;
using Npgsql;
using NpgsqlTypes;

namespace AdPilot.Storage.Ingestion;

/// <summary>Ingestion writes on either dialect; see <see cref="IIngestionStore"/>.</summary>
/// <param name="database">The database.</param>
/// <param name="time">The clock: updated_at, and the end of a store's data range for insights.</param>
public sealed class IngestionStore(StorageDatabase database, TimeProvider time) : IIngestionStore
{
    private const long PartitionLockKey = 0x4164_5069_6c6f_7402;

    /// <summary>The stored precision of money: four decimal places, summed as whole units of 1/10,000.</summary>
    private const decimal MoneyUnitsPerMajor = 10_000m;

    private const string InsightColumns = "platform, entity_type, entity_external_id, ts_hour, impressions, clicks, spend, currency, purchases, revenue";

    private const string InsightConflict = """
        ON CONFLICT (store_id, platform, entity_type, entity_external_id, ts_hour) DO UPDATE SET
            impressions = excluded.impressions, clicks = excluded.clicks, spend = excluded.spend, currency = excluded.currency,
            purchases = excluded.purchases, revenue = excluded.revenue, updated_at = excluded.updated_at
        WHERE insights_hourly.impressions <> excluded.impressions OR insights_hourly.clicks <> excluded.clicks
            OR insights_hourly.spend <> excluded.spend OR insights_hourly.currency <> excluded.currency
            OR insights_hourly.purchases <> excluded.purchases OR insights_hourly.revenue <> excluded.revenue
        """;

    /// <inheritdoc />
    public async Task UpsertAdAccountsAsync(long storeId, IReadOnlyList<AdAccountRecord> accounts, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accounts);
        const string sql = """
            INSERT INTO ad_accounts (store_id, platform, external_id, name, currency, updated_at)
            VALUES (@StoreId, @Platform, @ExternalId, @Name, @Currency, @Now)
            ON CONFLICT (store_id, platform, external_id) DO UPDATE SET name = excluded.name, currency = excluded.currency, updated_at = excluded.updated_at
            WHERE ad_accounts.name <> excluded.name OR ad_accounts.currency <> excluded.currency
            """;
        var now = time.GetUtcNow();
        await database.InTransactionAsync(
            (connection, transaction) => connection.ExecuteAsync(new CommandDefinition(
                sql,
                accounts.Select(a => new { StoreId = storeId, Platform = Sql.Name(a.Platform), a.ExternalId, a.Name, a.Currency, Now = now }),
                transaction,
                cancellationToken: cancellationToken)),
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpsertCampaignsAsync(long storeId, IReadOnlyList<CampaignRecord> campaigns, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(campaigns);
        const string sql = """
            INSERT INTO campaigns (store_id, account_id, platform, external_id, name, status, updated_at)
            VALUES (@StoreId, @ParentId, @Platform, @ExternalId, @Name, @Status, @Now)
            ON CONFLICT (store_id, platform, external_id) DO UPDATE SET
                account_id = excluded.account_id, name = excluded.name, status = excluded.status, updated_at = excluded.updated_at
            WHERE campaigns.account_id <> excluded.account_id OR campaigns.name <> excluded.name OR campaigns.status <> excluded.status
            """;
        var now = time.GetUtcNow();
        await UpsertUnderParentsAsync(
            sql,
            "ad_accounts",
            storeId,
            campaigns,
            (c, parents) => new
            {
                StoreId = storeId,
                ParentId = Parent(parents, Sql.Name(c.Platform), c.AccountExternalId, "campaign", c.ExternalId, "ad account"),
                Platform = Sql.Name(c.Platform),
                c.ExternalId,
                c.Name,
                c.Status,
                Now = now,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpsertAdSetsAsync(long storeId, IReadOnlyList<AdSetRecord> adSets, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(adSets);
        var sql = $"""
            INSERT INTO adsets (store_id, campaign_id, platform, external_id, name, status, daily_budget, currency, bid_strategy,
                                target_age_group, interests, creative_group, updated_at)
            VALUES (@StoreId, @ParentId, @Platform, @ExternalId, @Name, @Status, @DailyBudget, @Currency, @BidStrategy,
                    @TargetAgeGroup, {Sql.Json(database.Dialect, "@Interests")}, @CreativeGroup, @Now)
            ON CONFLICT (store_id, platform, external_id) DO UPDATE SET
                campaign_id = excluded.campaign_id, name = excluded.name, status = excluded.status, daily_budget = excluded.daily_budget,
                currency = excluded.currency, bid_strategy = excluded.bid_strategy,
                target_age_group = CASE WHEN @KeepStoredTargeting THEN adsets.target_age_group ELSE excluded.target_age_group END,
                interests = CASE WHEN @KeepStoredTargeting THEN adsets.interests ELSE excluded.interests END,
                creative_group = excluded.creative_group, updated_at = excluded.updated_at
            WHERE adsets.campaign_id <> excluded.campaign_id OR adsets.name <> excluded.name OR adsets.status <> excluded.status
                OR adsets.daily_budget IS DISTINCT FROM excluded.daily_budget OR adsets.currency <> excluded.currency
                OR adsets.bid_strategy IS DISTINCT FROM excluded.bid_strategy OR adsets.creative_group IS DISTINCT FROM excluded.creative_group
                OR (NOT @KeepStoredTargeting AND (adsets.target_age_group IS DISTINCT FROM excluded.target_age_group
                    OR adsets.interests <> excluded.interests))
            """;
        var now = time.GetUtcNow();
        await UpsertUnderParentsAsync(
            sql,
            "campaigns",
            storeId,
            adSets,
            (a, parents) => new
            {
                StoreId = storeId,
                ParentId = Parent(parents, Sql.Name(a.Platform), a.CampaignExternalId, "ad set", a.ExternalId, "campaign"),
                Platform = Sql.Name(a.Platform),
                a.ExternalId,
                a.Name,
                a.Status,
                a.DailyBudget,
                a.Currency,
                a.BidStrategy,
                a.TargetAgeGroup,
                Interests = JsonSerializer.Serialize(a.Interests, StorageJsonContext.Default.IReadOnlyListString),
                a.CreativeGroup,
                a.KeepStoredTargeting,
                Now = now,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task UpsertAdsAsync(long storeId, IReadOnlyList<AdRecord> ads, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(ads);
        const string sql = """
            INSERT INTO ads (store_id, adset_id, platform, external_id, name, creative_type, status, updated_at)
            VALUES (@StoreId, @ParentId, @Platform, @ExternalId, @Name, @CreativeType, @Status, @Now)
            ON CONFLICT (store_id, platform, external_id) DO UPDATE SET
                adset_id = excluded.adset_id, name = excluded.name, creative_type = excluded.creative_type, status = excluded.status,
                updated_at = excluded.updated_at
            WHERE ads.adset_id <> excluded.adset_id OR ads.name <> excluded.name
                OR ads.creative_type IS DISTINCT FROM excluded.creative_type OR ads.status <> excluded.status
            """;
        var now = time.GetUtcNow();
        await UpsertUnderParentsAsync(
            sql,
            "adsets",
            storeId,
            ads,
            (a, parents) => new
            {
                StoreId = storeId,
                ParentId = Parent(parents, Sql.Name(a.Platform), a.AdSetExternalId, "ad", a.ExternalId, "ad set"),
                Platform = Sql.Name(a.Platform),
                a.ExternalId,
                a.Name,
                a.CreativeType,
                a.Status,
                Now = now,
            },
            cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> LoadInsightsAsync(long storeId, IReadOnlyList<InsightRow> rows, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0)
        {
            return 0;
        }

        var now = time.GetUtcNow();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var store = await connection.QuerySingleOrDefaultAsync<StoreRange>(new CommandDefinition(
            "SELECT currency, data_since FROM stores WHERE id = @storeId", new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false)
            ?? throw new ArgumentException($"store {storeId} does not exist", nameof(storeId));
        var known = await KnownEntitiesAsync(connection, storeId, cancellationToken).ConfigureAwait(false);
        var months = InsightValidation.Validate(rows, store.Currency.Trim(), store.DataSince, now, known);

        if (connection is NpgsqlConnection postgres)
        {
            await EnsurePartitionsAsync(postgres, months, cancellationToken).ConfigureAwait(false);
            await using var transaction = await postgres.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            await CopyAndUpsertAsync(postgres, transaction, storeId, rows, now, cancellationToken).ConfigureAwait(false);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }
        else
        {
            await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
            UpsertEach((SqliteConnection)connection, (SqliteTransaction)transaction, storeId, rows, now, cancellationToken);
            await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
        }

        return rows.Count;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AdSetInsightTotals>> SumAdSetInsightsAsync(
        long storeId, Core.Domain.Platform platform, string accountExternalId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(accountExternalId);

        // Money is summed as whole ten-thousandths, exactly: PostgreSQL stores numeric(18, 4); SQLite stores decimal text,
        // which SUM would add as binary floating point. The account's ad set ids are compared in the insight table's
        // bytewise collation on PostgreSQL (its identifiers are COLLATE "C"; the ad set table's are not).
        var (money, collate) = database.Dialect == DatabaseDialect.PostgreSql
            ? ("CAST(SUM({0}) * 10000 AS bigint)", " COLLATE \"C\"")
            : ("SUM(CAST(ROUND(CAST({0} AS REAL) * 10000) AS INTEGER))", "");
        var sql = $"""
            SELECT i.entity_external_id AS adset_external_id, CAST(SUM(i.impressions) AS bigint) AS impressions, CAST(SUM(i.clicks) AS bigint) AS clicks,
                   {string.Format(CultureInfo.InvariantCulture, money, "i.spend")} AS spend_units, CAST(SUM(i.purchases) AS bigint) AS purchases,
                   {string.Format(CultureInfo.InvariantCulture, money, "i.revenue")} AS revenue_units
            FROM insights_hourly i
            WHERE i.store_id = @storeId AND i.platform = @platform AND i.entity_type = 'adset' AND i.ts_hour >= @from AND i.ts_hour < @to
                AND i.entity_external_id IN (
                    SELECT s.external_id{collate}
                    FROM adsets s JOIN campaigns c ON c.id = s.campaign_id JOIN ad_accounts a ON a.id = c.account_id
                    WHERE s.store_id = @storeId AND s.platform = @platform AND a.external_id = @account)
            GROUP BY i.entity_external_id
            ORDER BY i.entity_external_id
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var rows = await connection.QueryAsync<TotalsRow>(new CommandDefinition(
            sql,
            new { storeId, platform = Sql.Name(platform), account = accountExternalId, from = Sql.Utc(from), to = Sql.Utc(to) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows.Select(r => new AdSetInsightTotals(
            r.AdSetExternalId, r.Impressions, r.Clicks, r.SpendUnits / MoneyUnitsPerMajor, r.Purchases, r.RevenueUnits / MoneyUnitsPerMajor))];
    }

    /// <inheritdoc />
    public async Task UpsertOrdersAsync(long storeId, IReadOnlyList<OrderRecord> orders, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(orders);
        const string sql = """
            INSERT INTO orders (store_id, order_id, created_at, total, cogs, refunded, currency, canceled_at, attribution_source, utm_campaign,
                                platform, adset_external_id, source_updated_at, updated_at)
            VALUES (@StoreId, @OrderId, @CreatedAt, @Total, @Cogs, @Refunded, @Currency, @CanceledAt, @AttributionSource, @UtmCampaign,
                    @Platform, @AdSetExternalId, @SourceUpdatedAt, @Now)
            ON CONFLICT (store_id, order_id) DO UPDATE SET
                created_at = excluded.created_at, total = excluded.total, cogs = excluded.cogs, refunded = excluded.refunded,
                currency = excluded.currency, canceled_at = excluded.canceled_at, attribution_source = excluded.attribution_source,
                utm_campaign = excluded.utm_campaign, platform = excluded.platform, adset_external_id = excluded.adset_external_id,
                source_updated_at = excluded.source_updated_at, updated_at = excluded.updated_at
            WHERE excluded.source_updated_at > orders.source_updated_at
            """;
        var now = time.GetUtcNow();
        foreach (var (order, i) in orders.Select((o, i) => (o, i)))
        {
            if (order.Total < 0 || order.Refunded < 0 || order.Cogs < 0)
            {
                throw new ArgumentException($"order row {i} ({order.OrderId}): amounts must not be negative", nameof(orders));
            }
        }

        if (database.Dialect == DatabaseDialect.PostgreSql && orders.Count > 1)
        {
            await UpsertOrdersPostgresAsync(storeId, orders, now, cancellationToken).ConfigureAwait(false);
            return;
        }

        await database.InTransactionAsync(
            (connection, transaction) => EachRow.ExecuteAsync(
                connection,
                transaction,
                sql,
                ["StoreId", "OrderId", "CreatedAt", "Total", "Cogs", "Refunded", "Currency", "CanceledAt", "AttributionSource", "UtmCampaign", "Platform", "AdSetExternalId", "SourceUpdatedAt", "Now"],
                orders,
                (o, v) =>
                {
                    v[0] = storeId;
                    v[1] = o.OrderId;
                    v[2] = Sql.Utc(o.CreatedAt);
                    v[3] = o.Total;
                    v[4] = o.Cogs;
                    v[5] = o.Refunded;
                    v[6] = o.Currency;
                    v[7] = Sql.Utc(o.CanceledAt);
                    v[8] = o.AttributionSource;
                    v[9] = o.UtmCampaign;
                    v[10] = o.Platform is { } p ? Sql.Name(p) : null;
                    v[11] = o.AdSetExternalId;
                    v[12] = Sql.Utc(o.SourceUpdatedAt);
                    v[13] = now;
                },
                cancellationToken),
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// The orders in one statement over arrays: one round trip instead of one per order (the webhook processor's batches).
    /// A batch naming an order twice keeps its latest edition, as one upsert per row would end.
    /// </summary>
    private async Task UpsertOrdersPostgresAsync(long storeId, IReadOnlyList<OrderRecord> orders, DateTimeOffset now, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO orders (store_id, order_id, created_at, total, cogs, refunded, currency, canceled_at, attribution_source, utm_campaign,
                                platform, adset_external_id, source_updated_at, updated_at)
            SELECT @storeId, u.order_id, u.created_at, u.total, u.cogs, u.refunded, u.currency, u.canceled_at, u.attribution_source, u.utm_campaign,
                   u.platform, u.adset_external_id, u.source_updated_at, @now
            FROM unnest(@orderIds, @createdAt, @totals, @cogs, @refunded, @currencies, @canceledAt, @sources, @campaigns, @platforms, @adSets, @sourceUpdatedAt)
                AS u(order_id, created_at, total, cogs, refunded, currency, canceled_at, attribution_source, utm_campaign, platform, adset_external_id, source_updated_at)
            ON CONFLICT (store_id, order_id) DO UPDATE SET
                created_at = excluded.created_at, total = excluded.total, cogs = excluded.cogs, refunded = excluded.refunded,
                currency = excluded.currency, canceled_at = excluded.canceled_at, attribution_source = excluded.attribution_source,
                utm_campaign = excluded.utm_campaign, platform = excluded.platform, adset_external_id = excluded.adset_external_id,
                source_updated_at = excluded.source_updated_at, updated_at = excluded.updated_at
            WHERE excluded.source_updated_at > orders.source_updated_at
            """;
        var latest = new Dictionary<string, OrderRecord>(StringComparer.Ordinal);
        foreach (var order in orders)
        {
            if (!latest.TryGetValue(order.OrderId, out var seen) || order.SourceUpdatedAt > seen.SourceUpdatedAt)
            {
                latest[order.OrderId] = order;
            }
        }

        var rows = latest.Values.ToArray();
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(sql, (NpgsqlConnection)connection);
        command.Parameters.Add(new NpgsqlParameter("storeId", NpgsqlDbType.Bigint) { Value = storeId });
        command.Parameters.Add(new NpgsqlParameter("now", NpgsqlDbType.TimestampTz) { Value = now.UtcDateTime });
        command.Parameters.Add(new NpgsqlParameter("orderIds", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(o => o.OrderId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("createdAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(o => o.CreatedAt.UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("totals", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = rows.Select(o => o.Total).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("cogs", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = rows.Select(o => o.Cogs).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("refunded", NpgsqlDbType.Array | NpgsqlDbType.Numeric) { Value = rows.Select(o => o.Refunded).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("currencies", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(o => o.Currency).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("canceledAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(o => o.CanceledAt?.UtcDateTime).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("sources", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(o => o.AttributionSource).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("campaigns", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(o => o.UtmCampaign).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("platforms", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(o => o.Platform is { } p ? Sql.Name(p) : null).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("adSets", NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = rows.Select(o => o.AdSetExternalId).ToArray() });
        command.Parameters.Add(new NpgsqlParameter("sourceUpdatedAt", NpgsqlDbType.Array | NpgsqlDbType.TimestampTz) { Value = rows.Select(o => o.SourceUpdatedAt.UtcDateTime).ToArray() });
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<bool> RecordWebhookAsync(long storeId, WebhookEvent webhook, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(webhook);
        const string sql = """
            INSERT INTO webhook_events (store_id, webhook_id, topic, payload, received_at)
            VALUES (@StoreId, @WebhookId, @Topic, @Payload, @ReceivedAt)
            ON CONFLICT (store_id, webhook_id) DO NOTHING
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        var inserted = await connection.ExecuteAsync(new CommandDefinition(
            sql,
            new { StoreId = storeId, webhook.WebhookId, webhook.Topic, webhook.Payload, ReceivedAt = Sql.Utc(webhook.ReceivedAt) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
        return inserted == 1;
    }

    /// <inheritdoc />
    public async Task MarkWebhookProcessedAsync(long storeId, string webhookId, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            "UPDATE webhook_events SET processed_at = @Now, payload = NULL, status = 'processed' WHERE store_id = @StoreId AND webhook_id = @WebhookId AND processed_at IS NULL",
            new { StoreId = storeId, WebhookId = webhookId, Now = time.GetUtcNow() },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<int> CountOrdersCreatedAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.ExecuteScalarAsync<int>(new CommandDefinition(
            "SELECT COUNT(*) FROM orders WHERE store_id = @storeId AND created_at >= @from AND created_at < @to",
            new { storeId, from = Sql.Utc(from), to = Sql.Utc(to) },
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<DateTimeOffset?> GetWatermarkAsync(long storeId, string source, CancellationToken cancellationToken)
    {
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return await connection.QuerySingleOrDefaultAsync<DateTimeOffset?>(new CommandDefinition(
            "SELECT watermark FROM ingestion_watermarks WHERE store_id = @storeId AND source = @source", new { storeId, source }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task AdvanceWatermarkAsync(long storeId, string source, DateTimeOffset watermark, CancellationToken cancellationToken)
    {
        const string sql = """
            INSERT INTO ingestion_watermarks (store_id, source, watermark, updated_at) VALUES (@StoreId, @Source, @Watermark, @Now)
            ON CONFLICT (store_id, source) DO UPDATE SET watermark = excluded.watermark, updated_at = excluded.updated_at
            WHERE excluded.watermark > ingestion_watermarks.watermark
            """;
        await using var connection = await database.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition(
            sql, new { StoreId = storeId, Source = source, Watermark = Sql.Utc(watermark), Now = time.GetUtcNow() }, cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    internal static string PartitionName(DateTimeOffset month) =>
        string.Create(CultureInfo.InvariantCulture, $"insights_hourly_y{month.Year:D4}m{month.Month:D2}");

    /// <summary>
    /// Upserts records that hang under stored parents, in one transaction: the parents' ids are read once, and a record
    /// whose parent is not stored refuses the whole batch.
    /// </summary>
    private Task<int> UpsertUnderParentsAsync<T>(
        string sql, string parentTable, long storeId, IReadOnlyList<T> records, Func<T, Dictionary<(string, string), long>, object> row, CancellationToken cancellationToken) =>
        database.InTransactionAsync(
            async (connection, transaction) =>
            {
                var parents = await ParentIdsAsync(connection, transaction, parentTable, storeId, cancellationToken).ConfigureAwait(false);
                var rows = records.Select(record => row(record, parents)).ToList();
                return await connection.ExecuteAsync(new CommandDefinition(sql, rows, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
            },
            cancellationToken);

    private static async Task<Dictionary<(string Platform, string ExternalId), long>> ParentIdsAsync(
        DbConnection connection, DbTransaction transaction, string table, long storeId, CancellationToken cancellationToken)
    {
        var rows = await connection.QueryAsync<(string Platform, string ExternalId, long Id)>(new CommandDefinition(
            $"SELECT platform, external_id, id FROM {table} WHERE store_id = @storeId", new { storeId }, transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return rows.ToDictionary(r => (r.Platform, r.ExternalId), r => r.Id);
    }

    private static long Parent(Dictionary<(string, string), long> parents, string platform, string parentId, string kind, string id, string parentKind) =>
        parents.TryGetValue((platform, parentId), out var found)
            ? found
            : throw new ArgumentException($"{kind} {platform}:{id} belongs to {parentKind} {parentId}, which is not stored; store it first");

    private static async Task<HashSet<(string Type, string Platform, string ExternalId)>> KnownEntitiesAsync(DbConnection connection, long storeId, CancellationToken cancellationToken)
    {
        const string sql = """
            SELECT 'account', platform, external_id FROM ad_accounts WHERE store_id = @storeId
            UNION ALL SELECT 'campaign', platform, external_id FROM campaigns WHERE store_id = @storeId
            UNION ALL SELECT 'adset', platform, external_id FROM adsets WHERE store_id = @storeId
            UNION ALL SELECT 'ad', platform, external_id FROM ads WHERE store_id = @storeId
            """;
        var rows = await connection.QueryAsync<(string, string, string)>(new CommandDefinition(sql, new { storeId }, cancellationToken: cancellationToken)).ConfigureAwait(false);
        return [.. rows];
    }

    private static async Task EnsurePartitionsAsync(NpgsqlConnection connection, IReadOnlyCollection<DateTimeOffset> months, CancellationToken cancellationToken)
    {
        var existing = (await connection.QueryAsync<string>(new CommandDefinition(
            "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid WHERE i.inhparent = 'insights_hourly'::regclass",
            cancellationToken: cancellationToken)).ConfigureAwait(false)).ToHashSet(StringComparer.Ordinal);
        var missing = months.Where(m => !existing.Contains(PartitionName(m))).ToList();
        if (missing.Count == 0)
        {
            return;
        }

        // A month's partition is created in its own short transaction, under a lock so two loaders of the same new
        // month do not race on the name; a batch that then fails leaves at most an empty partition behind.
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken).ConfigureAwait(false);
        await connection.ExecuteAsync(new CommandDefinition($"SELECT pg_advisory_xact_lock({PartitionLockKey})", transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        foreach (var month in missing)
        {
            var sql = string.Create(
                CultureInfo.InvariantCulture,
                $"CREATE TABLE IF NOT EXISTS {PartitionName(month)} PARTITION OF insights_hourly FOR VALUES FROM ('{month:yyyy-MM-dd} 00:00:00+00') TO ('{month.AddMonths(1):yyyy-MM-dd} 00:00:00+00')");
            await connection.ExecuteAsync(new CommandDefinition(sql, transaction: transaction, cancellationToken: cancellationToken)).ConfigureAwait(false);
        }

        await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
    }

    private static async Task CopyAndUpsertAsync(
        NpgsqlConnection connection, NpgsqlTransaction transaction, long storeId, IReadOnlyList<InsightRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        await connection.ExecuteAsync(new CommandDefinition(
            """
            CREATE TEMP TABLE insights_stage (
                platform text, entity_type text, entity_external_id text, ts_hour timestamptz, impressions bigint, clicks bigint,
                spend numeric, currency text, purchases integer, revenue numeric) ON COMMIT DROP
            """,
            transaction: transaction,
            cancellationToken: cancellationToken)).ConfigureAwait(false);

        await using (var importer = await connection.BeginBinaryImportAsync($"COPY insights_stage ({InsightColumns}) FROM STDIN (FORMAT BINARY)", cancellationToken).ConfigureAwait(false))
        {
            foreach (var row in rows)
            {
                await importer.StartRowAsync(cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(Sql.Name(row.Platform), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(InsightValidation.TypeName(row.EntityType), NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.EntityExternalId, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Hour.UtcDateTime, NpgsqlDbType.TimestampTz, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Impressions, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Clicks, NpgsqlDbType.Bigint, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Spend, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Currency, NpgsqlDbType.Text, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Purchases, NpgsqlDbType.Integer, cancellationToken).ConfigureAwait(false);
                await importer.WriteAsync(row.Revenue, NpgsqlDbType.Numeric, cancellationToken).ConfigureAwait(false);
            }

            await importer.CompleteAsync(cancellationToken).ConfigureAwait(false);
        }

        await connection.ExecuteAsync(new CommandDefinition(
            $"""
            INSERT INTO insights_hourly (store_id, {InsightColumns}, updated_at)
            SELECT @storeId, {InsightColumns}, @now FROM insights_stage WHERE true
            {InsightConflict}
            """,
            new { storeId, now },
            transaction,
            commandTimeout: 600,
            cancellationToken: cancellationToken)).ConfigureAwait(false);
    }

    private static void UpsertEach(SqliteConnection connection, SqliteTransaction transaction, long storeId, IReadOnlyList<InsightRow> rows, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = $"""
            INSERT INTO insights_hourly (store_id, {InsightColumns}, updated_at)
            VALUES ($store, $platform, $type, $entity, $hour, $impressions, $clicks, $spend, $currency, $purchases, $revenue, $now)
            {InsightConflict}
            """;
        var p = command.Parameters;
        p.AddWithValue("$store", storeId);
        p.AddWithValue("$now", now);
        var platform = p.Add("$platform", SqliteType.Text);
        var type = p.Add("$type", SqliteType.Text);
        var entity = p.Add("$entity", SqliteType.Text);
        var hour = p.Add("$hour", SqliteType.Text);
        var impressions = p.Add("$impressions", SqliteType.Integer);
        var clicks = p.Add("$clicks", SqliteType.Integer);
        var spend = p.Add("$spend", SqliteType.Text);
        var currency = p.Add("$currency", SqliteType.Text);
        var purchases = p.Add("$purchases", SqliteType.Integer);
        var revenue = p.Add("$revenue", SqliteType.Text);
        command.Prepare();
        for (var i = 0; i < rows.Count; i++)
        {
            if ((i & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            var row = rows[i];
            platform.Value = Sql.Name(row.Platform);
            type.Value = InsightValidation.TypeName(row.EntityType);
            entity.Value = row.EntityExternalId;
            hour.Value = row.Hour.ToUniversalTime();
            impressions.Value = row.Impressions;
            clicks.Value = row.Clicks;
            spend.Value = row.Spend;
            currency.Value = row.Currency;
            purchases.Value = row.Purchases;
            revenue.Value = row.Revenue;
            command.ExecuteNonQuery();
        }
    }

    private sealed class TotalsRow
    {
        public string AdSetExternalId { get; set; } = string.Empty;

        public long Impressions { get; set; }

        public long Clicks { get; set; }

        public long SpendUnits { get; set; }

        public long Purchases { get; set; }

        public long RevenueUnits { get; set; }
    }

    private sealed class StoreRange
    {
        public string Currency { get; set; } = string.Empty;

        public DateTimeOffset DataSince { get; set; }
    }
}

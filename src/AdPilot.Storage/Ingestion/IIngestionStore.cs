namespace AdPilot.Storage.Ingestion;

/// <summary>
/// What ingestion writes: platform configuration, hourly insights, Shopify orders and webhooks, and watermarks. Every
/// write is an idempotent upsert on a natural key, so re-pulling an hour changes nothing the second time. It also sums
/// stored insights per ad set, which ingestion checks against the platforms' daily totals before re-pulling a day.
/// </summary>
public interface IIngestionStore
{
    /// <summary>Upserts ad accounts (key: store, platform, external id).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="accounts">The accounts.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task UpsertAdAccountsAsync(long storeId, IReadOnlyList<AdAccountRecord> accounts, CancellationToken cancellationToken);

    /// <summary>Upserts campaigns; their accounts must be stored.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="campaigns">The campaigns.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task UpsertCampaignsAsync(long storeId, IReadOnlyList<CampaignRecord> campaigns, CancellationToken cancellationToken);

    /// <summary>Upserts ad sets; their campaigns must be stored.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="adSets">The ad sets.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task UpsertAdSetsAsync(long storeId, IReadOnlyList<AdSetRecord> adSets, CancellationToken cancellationToken);

    /// <summary>Upserts ads; their ad sets must be stored.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="ads">The ads.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task UpsertAdsAsync(long storeId, IReadOnlyList<AdRecord> ads, CancellationToken cancellationToken);

    /// <summary>
    /// Loads a batch of hourly insights in one transaction (on PostgreSQL: binary COPY into a staging table, then one
    /// upsert). A row with a negative figure, a currency other than the store's, an hour off the hour or outside the
    /// store's data range (from its DataSince to the current hour), an unknown entity, or the key of an earlier row
    /// refuses the whole batch with an <see cref="InsightBatchException"/> naming the row and field.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="rows">The rows.</param>
    /// <param name="cancellationToken">Cancels the load; nothing is written then.</param>
    /// <returns>The number of rows loaded.</returns>
    Task<int> LoadInsightsAsync(long storeId, IReadOnlyList<InsightRow> rows, CancellationToken cancellationToken);

    /// <summary>
    /// Sums the stored ad set-level hourly insights of one ad account's ad sets over the hours [<paramref name="from"/>,
    /// <paramref name="to"/>), per ad set: what ingestion compares with a platform's daily totals to tell whether a day
    /// changed since its hours were stored. Money is summed exactly at the stored precision (four decimal places) on
    /// both dialects.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="platform">The account's platform.</param>
    /// <param name="accountExternalId">The account's platform id.</param>
    /// <param name="from">The first hour, inclusive.</param>
    /// <param name="to">The last hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per ad set of the account with stored hours in the span, by ad set id.</returns>
    Task<IReadOnlyList<AdSetInsightTotals>> SumAdSetInsightsAsync(
        long storeId, Core.Domain.Platform platform, string accountExternalId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Upserts orders; a stored order is replaced only by a newer edition (<see cref="OrderRecord.SourceUpdatedAt"/>).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="orders">The orders.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task UpsertOrdersAsync(long storeId, IReadOnlyList<OrderRecord> orders, CancellationToken cancellationToken);

    /// <summary>Stores a webhook under its id unless it is already stored.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="webhook">The webhook.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when it is new; false for a redelivery.</returns>
    Task<bool> RecordWebhookAsync(long storeId, WebhookEvent webhook, CancellationToken cancellationToken);

    /// <summary>Marks a webhook processed and drops its payload.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="webhookId">The webhook id.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task MarkWebhookProcessedAsync(long storeId, string webhookId, CancellationToken cancellationToken);

    /// <summary>Counts the stored orders created in [<paramref name="from"/>, <paramref name="to"/>).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first instant, inclusive.</param>
    /// <param name="to">The last instant, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The number of orders.</returns>
    Task<int> CountOrdersCreatedAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Reads how far a source has been ingested.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="source">The source, e.g. <c>meta:insights:act_1</c>.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The watermark, or null when the source was never ingested.</returns>
    Task<DateTimeOffset?> GetWatermarkAsync(long storeId, string source, CancellationToken cancellationToken);

    /// <summary>Moves a source's watermark forward; an older value leaves it as it is.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="source">The source.</param>
    /// <param name="watermark">How far it has been ingested.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task AdvanceWatermarkAsync(long storeId, string source, DateTimeOffset watermark, CancellationToken cancellationToken);
}

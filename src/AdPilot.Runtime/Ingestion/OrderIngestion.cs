using AdPilot.Connectors.Shopify;
using AdPilot.Core.Domain;
using AdPilot.Storage.Ingestion;

namespace AdPilot.Runtime.Ingestion;

/// <summary>
/// The store's hourly ETL of Shopify orders: the first run backfills through a bulk operation; later runs read every order
/// updated since the watermark, page by page, each page stored and the watermark advanced past it before the next is
/// read, so a cycle stopped at any point resumes where it stopped and re-reading a page changes nothing (orders upsert on
/// their id, and an older version never overwrites a newer one). Refunds and cancellations arrive as updates of the
/// orders they belong to.
/// </summary>
/// <remarks>
/// Paged reads are paced by Shopify's query cost (a page of orders with their line items costs a hundred points or more,
/// and a shop earns 100 a second on the standard plan), so a store taking thousands of orders an hour cannot be read
/// page by page within the hour. A pull expected to bring more than <paramref name="bulkAbove"/> orders — the orders
/// created in the hour before the watermark, times the hours the watermark is behind — runs as one bulk operation
/// instead (no cost pacing; a poll every few seconds and one download), like the backfill.
/// </remarks>
/// <param name="store">Where the orders go.</param>
/// <param name="orders">The Shopify orders client.</param>
/// <param name="bulkAbove">The expected size of a pull above which it runs as a bulk operation.</param>
public sealed class OrderIngestion(IIngestionStore store, ShopifyOrdersClient orders, int bulkAbove = OrderIngestion.DefaultBulkAbove)
{
    /// <summary>The watermark's source name.</summary>
    public const string WatermarkSource = "shopify_orders";

    /// <summary>The default expected pull size above which a bulk operation is used.</summary>
    public const int DefaultBulkAbove = 200;

    /// <summary>How many orders of a bulk result are stored in one write.</summary>
    private const int BulkBatch = 1_000;

    /// <summary>Pulls and stores the orders updated since the watermark (or since <paramref name="firstSince"/> on the first run).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="currency">The shop's currency; an order in another fails the pull.</param>
    /// <param name="firstSince">Where the first run starts (the store's data range).</param>
    /// <param name="cancellationToken">Cancels the pull; pages already stored stay stored.</param>
    /// <returns>What was stored.</returns>
    /// <exception cref="Core.Platforms.PlatformException">A page could not be read; earlier pages are stored.</exception>
    public Task<OrderIngestionResult> IngestAsync(long storeId, string currency, DateTimeOffset firstSince, CancellationToken cancellationToken) =>
        IngestAsync(storeId, currency, firstSince, nowUtc: null, cancellationToken);

    /// <summary>Pulls and stores the orders updated since the watermark, by a bulk operation when the pull is expected to be large.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="currency">The shop's currency; an order in another fails the pull.</param>
    /// <param name="firstSince">Where the first run starts (the store's data range).</param>
    /// <param name="nowUtc">The cycle's instant, which says how far behind the watermark is; the watermark itself when null.</param>
    /// <param name="cancellationToken">Cancels the pull; pages already stored stay stored.</param>
    /// <returns>What was stored.</returns>
    /// <exception cref="Core.Platforms.PlatformException">A read failed; what was stored before it stays stored.</exception>
    public async Task<OrderIngestionResult> IngestAsync(
        long storeId, string currency, DateTimeOffset firstSince, DateTimeOffset? nowUtc, CancellationToken cancellationToken)
    {
        var known = await store.GetWatermarkAsync(storeId, WatermarkSource, cancellationToken).ConfigureAwait(false);
        if (known is null)
        {
            return await BulkAsync(storeId, currency, firstSince, cancellationToken).ConfigureAwait(false);
        }

        var since = known.Value;
        var lastHour = await store.CountOrdersCreatedAsync(storeId, since.AddHours(-1), since, cancellationToken).ConfigureAwait(false);
        var hoursBehind = Math.Max(1, Math.Ceiling(((nowUtc ?? since) - since).TotalHours));
        if (lastHour * hoursBehind > bulkAbove)
        {
            return await BulkAsync(storeId, currency, since, cancellationToken).ConfigureAwait(false);
        }

        var stored = 0;
        var pages = 0;
        var watermark = since;
        await foreach (var page in orders.GetOrdersUpdatedSinceAsync(since, currency, cancellationToken).ConfigureAwait(false))
        {
            pages++;
            var records = page.Orders.Where(o => !o.Test).Select(ShopifyOrderRecords.ToRecord).ToArray();
            if (records.Length > 0)
            {
                await store.UpsertOrdersAsync(storeId, records, cancellationToken).ConfigureAwait(false);
                stored += records.Length;
            }

            if (page.Orders.Count > 0)
            {
                // Orders updated at exactly the watermark are read again next time: harmless, and none is skipped.
                watermark = page.Orders.Max(o => o.UpdatedAt) is var last && last > watermark ? last : watermark;
                await store.AdvanceWatermarkAsync(storeId, WatermarkSource, watermark, cancellationToken).ConfigureAwait(false);
            }
        }

        return new OrderIngestionResult(stored, pages, since, watermark);
    }

    /// <summary>
    /// The first pull, or a large one: one bulk query operation (no cost-bucket pacing, however many orders it reads),
    /// stored <see cref="BulkBatch"/> orders at a time as the result streams in, then the watermark set to the newest
    /// update it saw. A pull that fails part way leaves what it stored, and the watermark where it was: the next pull
    /// reads those orders again (harmless).
    /// </summary>
    private async Task<OrderIngestionResult> BulkAsync(long storeId, string currency, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var stored = 0;
        var watermark = since;
        var batch = new List<OrderRecord>(BulkBatch);
        await foreach (var order in orders.BulkOrdersAsync(since, currency, cancellationToken).ConfigureAwait(false))
        {
            watermark = order.UpdatedAt > watermark ? order.UpdatedAt : watermark;
            if (!order.Test)
            {
                batch.Add(ShopifyOrderRecords.ToRecord(order));
            }

            if (batch.Count == BulkBatch)
            {
                await store.UpsertOrdersAsync(storeId, batch, cancellationToken).ConfigureAwait(false);
                stored += batch.Count;
                batch.Clear();
            }
        }

        if (batch.Count > 0)
        {
            await store.UpsertOrdersAsync(storeId, batch, cancellationToken).ConfigureAwait(false);
            stored += batch.Count;
        }

        await store.AdvanceWatermarkAsync(storeId, WatermarkSource, watermark, cancellationToken).ConfigureAwait(false);
        return new OrderIngestionResult(stored, 0, since, watermark) { Bulk = true };
    }
}

/// <summary>What one order pull stored.</summary>
/// <param name="Orders">Orders stored (new or updated).</param>
/// <param name="Pages">Pages read.</param>
/// <param name="Since">The watermark the pull started from.</param>
/// <param name="Watermark">The watermark after it.</param>
public sealed record OrderIngestionResult(int Orders, int Pages, DateTimeOffset Since, DateTimeOffset Watermark)
{
    /// <summary>Gets a value indicating whether the pull ran as one bulk operation (the backfill, or a large pull) rather than pages.</summary>
    public bool Bulk { get; init; }
}

/// <summary>Shopify orders as stored rows, attributed to an ad set by their UTM parameters.</summary>
public static class ShopifyOrderRecords
{
    /// <summary>The attribution source of an order whose UTM names one of AdPilot's ad sets.</summary>
    public const string UtmAttribution = "utm";

    /// <summary>The stored row of an order: its current total, cost of goods, refunds, cancellation and UTM attribution.</summary>
    /// <param name="order">The order.</param>
    /// <returns>The row.</returns>
    /// <remarks>
    /// Cost of goods is the sum of unit cost × quantity when every line has a unit cost, and unknown otherwise (rewards
    /// then use the store's margin). The UTM convention: <c>utm_source=instagram|tiktok</c>, <c>utm_medium=paid_social</c>,
    /// <c>utm_content=&lt;ad set id&gt;</c>; anything else leaves the order unattributed here (the rewards' fallback
    /// attributes it by model, and both figures are kept).
    /// </remarks>
    public static OrderRecord ToRecord(ShopifyOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var currency = order.CurrentTotal.Currency;
        var (platform, adSet) = Attribute(order.Landing.Utm);
        return new OrderRecord
        {
            OrderId = order.Id.ToString(System.Globalization.CultureInfo.InvariantCulture),
            CreatedAt = order.CreatedAt,
            // Shopify's current total is net of refunds; stored totals are gross, with refunds beside them.
            Total = order.CurrentTotal.Amount + order.Refunds.Sum(r => r.Amount.Amount),
            Cogs = order.LineItems.Count > 0 && order.LineItems.All(l => l.UnitCost is not null)
                ? order.LineItems.Sum(l => l.UnitCost!.Value.Amount * l.Quantity)
                : null,
            Refunded = order.Refunds.Sum(r => r.Amount.Amount),
            Currency = currency,
            CanceledAt = order.CancelledAt,
            AttributionSource = adSet is null ? null : UtmAttribution,
            UtmCampaign = order.Landing.Utm.Campaign,
            Platform = platform,
            AdSetExternalId = adSet,
            SourceUpdatedAt = order.UpdatedAt,
        };
    }

    /// <summary>The platform and ad set an order's UTM parameters name, if they follow AdPilot's convention.</summary>
    internal static (Platform? Platform, string? AdSet) Attribute(UtmParameters utm)
    {
        Platform? platform = utm.Source?.ToLowerInvariant() switch
        {
            "instagram" or "facebook" or "meta" or "ig" or "fb" => Platform.Instagram,
            "tiktok" => Platform.TikTok,
            _ => null,
        };
        return platform is null || string.IsNullOrWhiteSpace(utm.Content) || !string.Equals(utm.Medium, "paid_social", StringComparison.OrdinalIgnoreCase)
            ? (null, null)
            : (platform, utm.Content.Trim());
    }
}

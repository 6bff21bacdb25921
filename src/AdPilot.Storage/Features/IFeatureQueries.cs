using AdPilot.Storage.Ingestion;

namespace AdPilot.Storage.Features;

/// <summary>What the featurizer reads to build each ad set-hour's state: configuration, hourly insights and orders.</summary>
public interface IFeatureQueries
{
    /// <summary>The store's ad sets with their configuration, by platform and id.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ad sets.</returns>
    Task<IReadOnlyList<AdSetRecord>> ListAdSetsAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>Ad set-level insights of hours in [from, to), by ad set then hour.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    Task<IReadOnlyList<InsightRow>> AdSetInsightsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>Orders placed in [from, to), by time.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">Start.</param>
    /// <param name="to">End, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The orders.</returns>
    Task<IReadOnlyList<OrderRecord>> OrdersAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>How many orders were placed in each UTC hour of [from, to) that has any, by hour (the seasonality's input).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">Start.</param>
    /// <param name="to">End, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per hour with orders.</returns>
    Task<IReadOnlyList<(DateTimeOffset HourUtc, long Orders)>> OrderCountsByHourAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// The orders whose Shopify record changed after <paramref name="updatedAfter"/> (new orders, refunds, cancellations)
    /// among those placed in [<paramref name="createdFrom"/>, <paramref name="createdTo"/>), oldest placement first.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="updatedAfter">The last update already seen; null for every order.</param>
    /// <param name="createdFrom">The first placement instant, inclusive.</param>
    /// <param name="createdTo">The last placement instant, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The orders.</returns>
    Task<IReadOnlyList<OrderRecord>> OrdersUpdatedAfterAsync(
        long storeId, DateTimeOffset? updatedAfter, DateTimeOffset createdFrom, DateTimeOffset createdTo, CancellationToken cancellationToken);

    /// <summary>The hourly insight rows of some ad sets of one platform, [from, to).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="externalIds">The ad sets' platform ids.</param>
    /// <param name="from">The first hour, inclusive.</param>
    /// <param name="to">The last hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows, by ad set then hour.</returns>
    Task<IReadOnlyList<InsightRow>> AdSetInsightsAsync(
        long storeId, Core.Domain.Platform platform, IReadOnlyCollection<string> externalIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// The history of some ad sets of one platform over [from, to), streamed: each ad set's rows together, its hourly
    /// insight rows first (by hour), then its UTM-attributed orders counted and summed per UTC hour of placement, whatever
    /// happened to them later (by hour). One ad set at a time is all a reader has to hold, however long the window.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="externalIds">The ad sets' platform ids.</param>
    /// <param name="from">The first hour, inclusive.</param>
    /// <param name="to">The last hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rows.</returns>
    IAsyncEnumerable<AdSetHistoryRow> AdSetHistoryAsync(
        long storeId, Core.Domain.Platform platform, IReadOnlyCollection<string> externalIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>One row of an ad set's history (<see cref="IFeatureQueries.AdSetHistoryAsync"/>): an hour of platform insights, or the UTM-attributed orders placed in an hour.</summary>
/// <param name="AdSetExternalId">The ad set's platform id (the caller's string).</param>
/// <param name="IsOrders">True for an hour of attributed orders, false for an hour of insights.</param>
/// <param name="HourUtc">The UTC hour.</param>
/// <param name="Impressions">Impressions (insights).</param>
/// <param name="Clicks">Clicks (insights).</param>
/// <param name="Spend">Spend (insights).</param>
/// <param name="Purchases">The platform's reported purchases (insights).</param>
/// <param name="Orders">Attributed orders placed in the hour (orders).</param>
/// <param name="Revenue">Their total before refunds (orders).</param>
public readonly record struct AdSetHistoryRow(
    string AdSetExternalId, bool IsOrders, DateTimeOffset HourUtc, long Impressions, long Clicks, decimal Spend, long Purchases, long Orders, decimal Revenue);

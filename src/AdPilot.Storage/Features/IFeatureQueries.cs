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
    /// The UTM-attributed orders placed in [from, to), counted and summed per ad set and UTC hour of placement, whatever
    /// happened to them later (as the featurizer counts them).
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first instant, inclusive.</param>
    /// <param name="to">The last instant, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per ad set and hour with orders.</returns>
    Task<IReadOnlyList<AttributedOrderHour>> AttributedOrderHoursAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>The UTM-attributed orders of one ad set placed in one UTC hour.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="AdSetExternalId">The ad set.</param>
/// <param name="HourUtc">The hour of placement.</param>
/// <param name="Orders">How many.</param>
/// <param name="Revenue">Their total (before refunds).</param>
public sealed record AttributedOrderHour(Core.Domain.Platform Platform, string AdSetExternalId, DateTimeOffset HourUtc, long Orders, decimal Revenue);

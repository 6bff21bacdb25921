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
}

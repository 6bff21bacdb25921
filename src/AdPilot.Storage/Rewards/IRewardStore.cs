using AdPilot.Core.Domain;

namespace AdPilot.Storage.Rewards;

/// <summary>The rewards table: written hourly by the reward stage (recomputing an hour replaces it), read by training and reports.</summary>
public interface IRewardStore
{
    /// <summary>Upserts rewards (key: ad set and hour).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="rewards">The rewards.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task UpsertAsync(long storeId, IReadOnlyList<RewardRecord> rewards, CancellationToken cancellationToken);

    /// <summary>Rewards of hours in [from, to), optionally of one ad set, by hour.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="adSet">One ad set, or null for all.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The rewards.</returns>
    Task<IReadOnlyList<RewardRecord>> ListAsync(long storeId, AdSetRef? adSet, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// Revenue and spend summed per hour over some ad sets of one platform (an account's, for its ROAS rule), hours in
    /// [from, to) that have rewards, by hour. Only the two figures are read (never the details), summed exactly.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="adSetIds">The ad sets' platform ids.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per hour.</returns>
    Task<IReadOnlyList<RewardHourTotals>> HourlyTotalsAsync(
        long storeId, Platform platform, IReadOnlyCollection<string> adSetIds, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// Revenue and spend summed per hour over all the store's ad sets on every platform (the store's ROAS alert), hours in
    /// [from, to) that have rewards, by hour; summed exactly.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per hour.</returns>
    Task<IReadOnlyList<RewardHourTotals>> StoreHourlyTotalsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

/// <summary>Revenue and spend of some ad sets in one hour.</summary>
/// <param name="Hour">The UTC hour.</param>
/// <param name="Revenue">Revenue summed.</param>
/// <param name="Spend">Spend summed.</param>
public readonly record struct RewardHourTotals(DateTimeOffset Hour, decimal Revenue, decimal Spend);

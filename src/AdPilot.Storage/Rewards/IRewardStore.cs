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
}

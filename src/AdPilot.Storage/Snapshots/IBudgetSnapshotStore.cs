namespace AdPilot.Storage.Snapshots;

/// <summary>Budget snapshots, so the kill switch can restore the last budgets a person set.</summary>
public interface IBudgetSnapshotStore
{
    /// <summary>Saves snapshots (key: ad set and capture time; saving one twice changes nothing).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="snapshots">The snapshots.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>A task.</returns>
    Task SaveAsync(long storeId, IReadOnlyList<BudgetSnapshot> snapshots, CancellationToken cancellationToken);

    /// <summary>The latest budget a person set, per ad set.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One snapshot per ad set that has a human one.</returns>
    Task<IReadOnlyList<BudgetSnapshot>> LatestHumanBudgetsAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>When a person's budget was last captured for one ad set (the kill switch's restore undoes what came after).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="adSet">The ad set.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The capture time, or null when the ad set has no human snapshot.</returns>
    Task<DateTimeOffset?> LatestHumanCaptureAsync(long storeId, Core.Domain.AdSetRef adSet, CancellationToken cancellationToken);
}

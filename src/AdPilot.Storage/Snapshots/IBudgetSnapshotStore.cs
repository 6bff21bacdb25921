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
}

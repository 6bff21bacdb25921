namespace AdPilot.Storage.Checkpoints;

/// <summary>
/// The checkpoints table: registered policy versions, which one serves (at most one per store), and the history of every
/// change of the serving one with who decided it and when.
/// </summary>
public interface ICheckpointStore
{
    /// <summary>Registers a checkpoint as a candidate; registering the same version again with the same file changes nothing.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored checkpoint.</returns>
    /// <exception cref="InvalidOperationException">The version is registered with another file or agent.</exception>
    Task<StoredCheckpoint> RegisterAsync(long storeId, CheckpointRecord checkpoint, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a registered version the active one, retiring the one active before, and records who decided (one
    /// transaction). A version already active is left as it is and nothing is recorded.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="version">The version.</param>
    /// <param name="decision">Who decides, and why.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="CheckpointRegistryException">The version is not registered for the store.</exception>
    /// <exception cref="ArgumentException">The decision's fields are empty or too long.</exception>
    Task<CheckpointChange> PromoteAsync(long storeId, string version, CheckpointDecision decision, CancellationToken cancellationToken);

    /// <summary>
    /// Makes a version that served before the active one again, retiring the one active now, and records who decided (one
    /// transaction). A version already active is left as it is and nothing is recorded.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="version">The version to go back to.</param>
    /// <param name="decision">Who decides, and why.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>What changed.</returns>
    /// <exception cref="CheckpointRegistryException">The version is not registered, or has never been active.</exception>
    /// <exception cref="ArgumentException">The decision's fields are empty or too long.</exception>
    Task<CheckpointChange> RollbackAsync(long storeId, string version, CheckpointDecision decision, CancellationToken cancellationToken);

    /// <summary>The active checkpoint, if any.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint, or null.</returns>
    Task<StoredCheckpoint?> GetActiveAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>One registered version.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint, or null when the version is not registered.</returns>
    Task<StoredCheckpoint?> GetAsync(long storeId, string version, CancellationToken cancellationToken);

    /// <summary>All checkpoints, newest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoints.</returns>
    Task<IReadOnlyList<StoredCheckpoint>> ListAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>Every change of the active checkpoint, newest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The history.</returns>
    Task<IReadOnlyList<CheckpointActivation>> HistoryAsync(long storeId, CancellationToken cancellationToken);
}

namespace AdPilot.Storage.Checkpoints;

/// <summary>The checkpoints table: registered policy versions and which one serves.</summary>
public interface ICheckpointStore
{
    /// <summary>Registers a checkpoint as a candidate; registering the same version again with the same file changes nothing.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The stored checkpoint.</returns>
    /// <exception cref="InvalidOperationException">The version is registered with another file or agent.</exception>
    Task<StoredCheckpoint> RegisterAsync(long storeId, CheckpointRecord checkpoint, CancellationToken cancellationToken);

    /// <summary>Makes a version the active one, retiring the one active before (one transaction).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="version">The version.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The now active checkpoint.</returns>
    Task<StoredCheckpoint> PromoteAsync(long storeId, string version, CancellationToken cancellationToken);

    /// <summary>The active checkpoint, if any.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoint, or null.</returns>
    Task<StoredCheckpoint?> GetActiveAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>All checkpoints, newest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The checkpoints.</returns>
    Task<IReadOnlyList<StoredCheckpoint>> ListAsync(long storeId, CancellationToken cancellationToken);
}

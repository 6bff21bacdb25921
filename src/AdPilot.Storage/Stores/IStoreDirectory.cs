namespace AdPilot.Storage.Stores;

/// <summary>The tenants: creates and reads stores.</summary>
public interface IStoreDirectory
{
    /// <summary>Creates the store or updates its settings (keyed by shop domain).</summary>
    /// <param name="profile">The store.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The store id.</returns>
    Task<long> UpsertAsync(StoreProfile profile, CancellationToken cancellationToken);

    /// <summary>Reads a store by shop domain.</summary>
    /// <param name="shopDomain">The domain.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The store, or null.</returns>
    Task<StoredStore?> FindAsync(string shopDomain, CancellationToken cancellationToken);

    /// <summary>Reads a store by id.</summary>
    /// <param name="storeId">The id.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The store, or null.</returns>
    Task<StoredStore?> GetAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>Lists every store, by shop domain.</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The stores.</returns>
    Task<IReadOnlyList<StoredStore>> ListAsync(CancellationToken cancellationToken);
}

namespace AdPilot.Runtime.Scheduling;

/// <summary>Looks at a store's expiring platform tokens when the token-refresh trigger fires.</summary>
public interface ITokenRefreshRunner
{
    /// <summary>Refreshes the store's tokens that are due (and alerts on those that cannot be).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the run.</param>
    /// <returns>A task that completes when the run is done.</returns>
    Task RefreshAsync(long storeId, CancellationToken cancellationToken);
}

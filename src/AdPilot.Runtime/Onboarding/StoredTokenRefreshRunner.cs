using AdPilot.Runtime.Scheduling;
using AdPilot.Storage.Secrets;

namespace AdPilot.Runtime.Onboarding;

/// <summary>The token refresh the scheduler runs for a store: today Meta's long-lived token (TikTok's and Shopify's tokens do not expire on a known date).</summary>
/// <param name="meta">Meta's refresher.</param>
/// <param name="key">The key the secrets are encrypted with.</param>
/// <param name="apiVersion">The Graph version.</param>
/// <param name="defaultBaseUrl">The Graph root when the connection recorded none.</param>
public sealed class StoredTokenRefreshRunner(MetaTokenRefresher meta, SecretKey key, string apiVersion, Uri defaultBaseUrl) : ITokenRefreshRunner
{
    /// <inheritdoc />
    public Task RefreshAsync(long storeId, CancellationToken cancellationToken) =>
        meta.RunAsync(storeId, key, apiVersion, defaultBaseUrl, cancellationToken);
}

namespace AdPilot.Storage.Onboarding;

/// <summary>What is kept about a store's connection to one platform, beside its encrypted tokens: nothing here is secret.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Platform"><c>shopify</c>, <c>meta</c> or <c>tiktok</c>.</param>
/// <param name="AppId">The app id (Meta, TikTok); null for Shopify's custom app.</param>
/// <param name="BaseUrl">The API base URL the connection was made against; null for the platform's own.</param>
/// <param name="GrantedScopes">The scopes or permissions granted at connect time (TikTok: the ones its calls proved).</param>
/// <param name="TokenExpiresAt">When the stored token expires (Meta's long-lived token); null when it does not or the platform does not say.</param>
/// <param name="ConnectedAt">When <c>adpilot connect</c> last succeeded.</param>
/// <param name="RefreshedAt">When the token was last refreshed; null when never.</param>
public sealed record PlatformConnection(
    long StoreId,
    string Platform,
    string? AppId,
    string? BaseUrl,
    IReadOnlyList<string> GrantedScopes,
    DateTimeOffset? TokenExpiresAt,
    DateTimeOffset ConnectedAt,
    DateTimeOffset? RefreshedAt);

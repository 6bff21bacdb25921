namespace AdPilot.Sandbox.Access;

/// <summary>
/// What the sandbox's tokens may do and what its accounts report about themselves, for onboarding checks: the
/// permissions and scopes granted, when Meta's token expires, whether campaigns own their budgets and the ad accounts'
/// currency. Replaced while the server runs through <see cref="SandboxServer.Access"/>; an expired token is a fault
/// (<see cref="Faults.FaultKind.ExpiredToken"/>) and an account the token cannot see is any id the sandbox does not serve.
/// </summary>
public sealed record SandboxAccess
{
    /// <summary>Every Meta permission AdPilot asks for.</summary>
    public static readonly IReadOnlyList<string> AllMetaPermissions = ["ads_read", "ads_management", "business_management"];

    /// <summary>Every TikTok permission AdPilot needs, by the sandbox's names (docs/onboarding.md).</summary>
    public static readonly IReadOnlyList<string> AllTikTokScopes = ["advertiser_read", "ad_management", "reporting"];

    /// <summary>Gets the settings of a fully authorised app: every permission, no expiry, ad-set budgets, the store's currency.</summary>
    public static SandboxAccess Full { get; } = new();

    /// <summary>Gets the Meta permissions granted (<c>GET /me/permissions</c> lists the others as declined).</summary>
    /// <value>The default value is <see cref="AllMetaPermissions"/>.</value>
    public IReadOnlyList<string> MetaPermissions { get; init; } = AllMetaPermissions;

    /// <summary>Gets when Meta's token expires (<c>debug_token</c>'s <c>expires_at</c>); never when null.</summary>
    public DateTimeOffset? MetaTokenExpiresAt { get; init; }

    /// <summary>
    /// Gets the TikTok permissions granted: without <c>advertiser_read</c> <c>advertiser/info/</c> answers 40001, without
    /// <c>ad_management</c> <c>adgroup/get/</c> and <c>campaign/get/</c> do, without <c>reporting</c> the report does.
    /// </summary>
    /// <value>The default value is <see cref="AllTikTokScopes"/>.</value>
    public IReadOnlyList<string> TikTokScopes { get; init; } = AllTikTokScopes;

    /// <summary>Gets the Shopify access scopes granted (<c>currentAppInstallation.accessScopes</c>).</summary>
    /// <value>The default value is <c>read_orders</c> alone: the sandbox's token sees the last 60 days of orders.</value>
    public IReadOnlyList<string> ShopifyScopes { get; init; } = ["read_orders"];

    /// <summary>
    /// Gets a value indicating whether the campaigns report a campaign-level budget (Meta campaign <c>daily_budget</c>,
    /// TikTok <c>budget_optimize_on</c>). Only reported: ad-set budget updates are still accepted.
    /// </summary>
    public bool CampaignBudgetOptimisation { get; init; }

    /// <summary>
    /// Gets a value indicating whether Meta's short-lived user token (<see cref="SandboxCredentials.MetaShortLivedToken"/>)
    /// has expired: exchanging it then answers 190/463, as Meta does for a token older than its hour or two.
    /// </summary>
    public bool MetaShortLivedTokenExpired { get; init; }

    /// <summary>Gets the currency the Meta ad accounts and TikTok advertisers report; the store's when null.</summary>
    public string? AdAccountCurrency { get; init; }
}

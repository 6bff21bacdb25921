namespace AdPilot.Core.Platforms;

/// <summary>An outside service AdPilot talks to over HTTP.</summary>
public enum ExternalApi
{
    /// <summary>Meta's Marketing API (Graph API), for Instagram ad sets.</summary>
    Meta = 0,

    /// <summary>TikTok's API for Business (Marketing API v1.3), for ad groups.</summary>
    TikTok = 1,

    /// <summary>Shopify's Admin API and webhooks, for orders.</summary>
    Shopify = 2,
}

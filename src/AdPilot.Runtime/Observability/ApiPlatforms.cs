using AdPilot.Core.Domain;

namespace AdPilot.Runtime.Observability;

/// <summary>The <c>platform</c> label of the API metrics: the API called, not the ad placement (Instagram ads go through Meta).</summary>
public static class ApiPlatforms
{
    /// <summary>Meta's Graph API (Instagram and Facebook ads).</summary>
    public const string Meta = "meta";

    /// <summary>TikTok's Marketing API.</summary>
    public const string TikTok = "tiktok";

    /// <summary>Shopify's Admin API.</summary>
    public const string Shopify = "shopify";

    /// <summary>The API an ad platform's accounts are driven through.</summary>
    /// <param name="platform">The ad platform.</param>
    /// <returns><see cref="Meta"/> or <see cref="TikTok"/>.</returns>
    public static string Of(Platform platform) => platform == Platform.TikTok ? TikTok : Meta;
}

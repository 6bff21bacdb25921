using System.Web;

namespace AdPilot.Connectors.Shopify;

/// <summary>Cuts landing and referrer URLs down to what attribution needs.</summary>
internal static class LandingUrls
{
    private static readonly Uri Placeholder = new("https://shop.invalid/");

    /// <summary>Reads UTM parameters from a URL's query string and returns its path without the query.</summary>
    public static LandingInfo FromUrls(string? landingSite, string? referringSite)
    {
        var landing = ToUri(landingSite);
        if (landing is null)
        {
            return new LandingInfo(null, Host(referringSite), UtmParameters.None);
        }

        var query = HttpUtility.ParseQueryString(landing.Query);
        var utm = new UtmParameters(
            Clean(query["utm_source"]), Clean(query["utm_medium"]), Clean(query["utm_campaign"]),
            Clean(query["utm_content"]), Clean(query["utm_term"]));
        return new LandingInfo(landing.AbsolutePath, Host(referringSite), utm);
    }

    /// <summary>The path of a URL without its query string or fragment.</summary>
    public static string? PathOf(string? url) => ToUri(url)?.AbsolutePath;

    /// <summary>The host of a URL, or <see langword="null"/> when it has none.</summary>
    public static string? Host(string? url) =>
        ToUri(url) is { } uri && !string.Equals(uri.Host, Placeholder.Host, StringComparison.OrdinalIgnoreCase) ? uri.Host : null;

    private static Uri? ToUri(string? url)
    {
        if (string.IsNullOrWhiteSpace(url))
        {
            return null;
        }

        // Shopify's landing_site is often relative ("/products/x?utm_source=ig").
        return Uri.TryCreate(url, UriKind.Absolute, out var absolute) && absolute.Scheme is "http" or "https"
            ? absolute
            : Uri.TryCreate(Placeholder, url, out var relative) ? relative : null;
    }

    private static string? Clean(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}

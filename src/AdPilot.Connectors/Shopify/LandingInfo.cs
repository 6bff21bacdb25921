namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Where an order's buyer came from, cut down at the edge: the landing page's path without its query string (a query
/// can carry an email or a token) and the UTM parameters, plus the referring site's host.
/// </summary>
/// <param name="LandingPath">The landing page's path, e.g. <c>/products/x</c>, or <see langword="null"/>.</param>
/// <param name="ReferringHost">The referring site's host, e.g. <c>l.instagram.com</c>, or <see langword="null"/>.</param>
/// <param name="Utm">The UTM parameters.</param>
public sealed record LandingInfo(string? LandingPath, string? ReferringHost, UtmParameters Utm)
{
    /// <summary>Gets landing information that says nothing.</summary>
    public static LandingInfo None { get; } = new(null, null, UtmParameters.None);
}

namespace AdPilot.Connectors.Shopify;

/// <summary>What the shop says about itself and what the app may read there.</summary>
/// <param name="Domain">The shop's <c>myshopify.com</c> domain.</param>
/// <param name="Currency">The shop's currency (<c>shop.currencyCode</c>).</param>
/// <param name="TimeZone">The shop's IANA time zone (<c>shop.ianaTimezone</c>).</param>
/// <param name="Scopes">The access scopes granted to the app (<c>currentAppInstallation.accessScopes</c>).</param>
/// <param name="ServerTime">The answer's <c>Date</c> header, to measure the local clock against; null when absent.</param>
public sealed record ShopifyShopProfile(string Domain, string Currency, string TimeZone, IReadOnlyList<string> Scopes, DateTimeOffset? ServerTime);

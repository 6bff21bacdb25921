using AdPilot.Core.Domain;

namespace AdPilot.Storage.Dashboard;

/// <summary>What a platform reported for its ad sets over a range (insights_hourly): its own view, beside Shopify's truth.</summary>
/// <param name="Platform">The platform.</param>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="Spend">Spend.</param>
/// <param name="Purchases">Purchases the platform attributes to itself.</param>
/// <param name="Revenue">Purchase value the platform attributes to itself.</param>
public sealed record PlatformInsights(Platform Platform, long Impressions, long Clicks, decimal Spend, long Purchases, decimal Revenue);

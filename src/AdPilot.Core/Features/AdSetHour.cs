namespace AdPilot.Core.Features;

/// <summary>One ad set's record of one UTC hour, as the featurizer reads it from the database.</summary>
/// <param name="HourUtc">The start of the hour, a whole UTC hour.</param>
/// <param name="Spend">Spend in the hour, in the store currency.</param>
/// <param name="Impressions">Impressions served.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="PlatformPurchases">Purchases the platform reports for the hour.</param>
/// <param name="AttributedOrders">
/// Shopify orders placed in the hour that carry the ad set's UTM tag: the CVR's numerator, as in the simulator
/// (the guide prefers Shopify's attribution to the platform's).
/// </param>
/// <param name="AttributedRevenue">Their revenue, net of refunds.</param>
public readonly record struct AdSetHour(
    DateTimeOffset HourUtc,
    decimal Spend,
    long Impressions,
    long Clicks,
    long PlatformPurchases,
    double AttributedOrders,
    decimal AttributedRevenue);

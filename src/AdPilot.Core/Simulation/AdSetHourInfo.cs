namespace AdPilot.Core.Simulation;

/// <summary>
/// What happened to one ad set in one hour, as the platforms and Shopify would report it, plus the truth
/// only the simulator knows (purchases caused by this hour's clicks, whenever they arrive).
/// </summary>
/// <param name="DailyBudget">The daily budget in force during the hour (after the hour's action).</param>
/// <param name="Spend">Spend in the hour.</param>
/// <param name="Impressions">Impressions served.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="PlatformConversions">Purchases the platform reports in the hour (biased, see <see cref="PlatformParameters.ReportedConversionBias"/>).</param>
/// <param name="PlatformRevenue">Purchase value the platform reports in the hour.</param>
/// <param name="ShopifyOrders">Orders from this ad set's clicks that reached Shopify in the hour.</param>
/// <param name="ShopifyRevenue">Their revenue.</param>
/// <param name="UnattributedOrders">Of those, the orders that arrived without UTM parameters.</param>
/// <param name="UnattributedRevenue">Their revenue.</param>
/// <param name="ClickCohortConversions">Purchases caused by this hour's clicks, whenever they arrive.</param>
/// <param name="ClickCohortRevenue">Their revenue.</param>
/// <param name="InLearningPhase">Whether the ad set was in its learning phase.</param>
/// <param name="LimitInterventions">How many parts of the hour's proposed action the limits changed or refused.</param>
public readonly record struct AdSetHourInfo(
    double DailyBudget,
    double Spend,
    long Impressions,
    long Clicks,
    long PlatformConversions,
    double PlatformRevenue,
    long ShopifyOrders,
    double ShopifyRevenue,
    long UnattributedOrders,
    double UnattributedRevenue,
    long ClickCohortConversions,
    double ClickCohortRevenue,
    bool InLearningPhase,
    int LimitInterventions)
{
    /// <summary>Gets the hour's CPM, or 0 without impressions.</summary>
    public double Cpm => Impressions > 0 ? Spend * 1000 / Impressions : 0;
}

using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Retraining;

/// <summary>A store's accumulated data over one range, as the retraining calibrates its scenarios from it.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Profile">Its settings: currency, time zone, gross margin.</param>
/// <param name="From">The first hour, inclusive (UTC).</param>
/// <param name="To">The end hour, exclusive (UTC).</param>
/// <param name="AdSets">Each ad set with a daily budget of its own in the store currency and its figures over the range.</param>
/// <param name="InsightHours">Distinct UTC hours with at least one ad set insight row.</param>
/// <param name="RewardHours">Distinct UTC hours the reward job scored.</param>
/// <param name="Decisions">Decisions the policy logged for hours of the range (people's and the kill switch's changes left out).</param>
/// <param name="Orders">Shopify orders placed in the range, attributed or not.</param>
public sealed record RetrainingData(
    long StoreId,
    StoreProfile Profile,
    DateTimeOffset From,
    DateTimeOffset To,
    IReadOnlyList<AdSetObservation> AdSets,
    int InsightHours,
    int RewardHours,
    long Decisions,
    long Orders)
{
    /// <summary>Gets the ad sets the scenarios are calibrated on: those that delivered impressions in the range.</summary>
    public IReadOnlyList<AdSetObservation> Delivering => [.. AdSets.Where(a => a.Impressions > 0)];

    /// <summary>Gets the orders attributed to the ad sets by UTM.</summary>
    public long AttributedOrders => AdSets.Sum(a => a.Orders);

    /// <summary>Gets the ad sets' spend.</summary>
    public decimal Spend => AdSets.Sum(a => a.Spend);

    /// <summary>Gets the ad sets' attributed revenue.</summary>
    public decimal Revenue => AdSets.Sum(a => a.Revenue);
}

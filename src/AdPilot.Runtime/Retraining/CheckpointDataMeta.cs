namespace AdPilot.Runtime.Retraining;

/// <summary>The accumulated data a retrained checkpoint learned from.</summary>
/// <param name="From">The first hour, inclusive (UTC).</param>
/// <param name="To">The end hour, exclusive (UTC).</param>
/// <param name="Hours">Distinct hours with ad set insights.</param>
/// <param name="RewardHours">Distinct hours the reward job scored.</param>
/// <param name="AdSets">Ad sets the scenarios were calibrated on (those that delivered).</param>
/// <param name="Decisions">Decisions the policy logged over the range.</param>
/// <param name="Orders">Shopify orders placed in the range.</param>
/// <param name="AttributedOrders">Of those, the ones attributed to an ad set by UTM.</param>
/// <param name="Spend">The ad sets' spend.</param>
/// <param name="Revenue">Their attributed revenue.</param>
/// <param name="Currency">The store currency of both.</param>
public sealed record CheckpointDataMeta(
    DateTimeOffset From,
    DateTimeOffset To,
    int Hours,
    int RewardHours,
    int AdSets,
    long Decisions,
    long Orders,
    long AttributedOrders,
    decimal Spend,
    decimal Revenue,
    string Currency);

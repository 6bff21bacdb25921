using AdPilot.Storage.Ingestion;

namespace AdPilot.Runtime.Retraining;

/// <summary>What one ad set did over the retraining's range: its configuration, and its hourly insights and attributed orders summed.</summary>
/// <param name="AdSet">The ad set's stored configuration (platform, budget, targeting, creative group).</param>
/// <param name="Hours">Hours with an insight row.</param>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="Spend">Spend, in the store currency.</param>
/// <param name="Purchases">Purchases the platform reported.</param>
/// <param name="Orders">Shopify orders attributed to it by UTM.</param>
/// <param name="Revenue">Their total before refunds.</param>
public sealed record AdSetObservation(
    AdSetRecord AdSet, int Hours, long Impressions, long Clicks, decimal Spend, long Purchases, long Orders, decimal Revenue);

namespace AdPilot.Storage.Ingestion;

/// <summary>The sums of one ad set's stored hourly insights over a span of hours.</summary>
/// <param name="AdSetExternalId">The platform's id of the ad set.</param>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="Spend">Spend, in major units, summed at the stored precision (four decimal places).</param>
/// <param name="Purchases">Purchases the platform reported.</param>
/// <param name="Revenue">Purchase value the platform reported, summed at the stored precision (four decimal places).</param>
public sealed record AdSetInsightTotals(string AdSetExternalId, long Impressions, long Clicks, decimal Spend, long Purchases, decimal Revenue);

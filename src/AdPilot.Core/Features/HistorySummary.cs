namespace AdPilot.Core.Features;

/// <summary>
/// What an ad set's hourly history says at the start of an hour before the account's prior is applied
/// (<see cref="Featurizer.Summarize"/>): the decayed sums behind its CTR and CVR, its competitor activity, the trailing
/// day's spend and revenue, and the window's plain totals, which pool into the account's prior.
/// </summary>
/// <param name="CtrNumerator">Σ w·clicks, w = 2^(−age ÷ half-life).</param>
/// <param name="CtrDenominator">Σ w·impressions.</param>
/// <param name="CvrNumerator">Σ w·attributed orders.</param>
/// <param name="CvrDenominator">Σ w·clicks.</param>
/// <param name="CompetitorActivity">Latest CPM against the ad set's own baseline, minus one.</param>
/// <param name="Spend24">Spend of the trailing 24 hours.</param>
/// <param name="Revenue24">Attributed revenue of the trailing 24 hours.</param>
/// <param name="Impressions">Impressions over the window.</param>
/// <param name="Clicks">Clicks over the window.</param>
/// <param name="AttributedOrders">Attributed orders over the window.</param>
public readonly record struct HistorySummary(
    double CtrNumerator,
    double CtrDenominator,
    double CvrNumerator,
    double CvrDenominator,
    double CompetitorActivity,
    double Spend24,
    double Revenue24,
    double Impressions,
    double Clicks,
    double AttributedOrders);

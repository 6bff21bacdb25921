namespace AdPilot.Core.Simulation.Calibration;

/// <summary>The KAG ads of one five-year age band, pooled.</summary>
/// <param name="Band">The band as written, e.g. <c>35-39</c>.</param>
/// <param name="Ads">The number of ads.</param>
/// <param name="Totals">Their pooled totals (conversions: all the advertiser counted).</param>
/// <param name="ApprovedConversions">Their approved conversions (sales).</param>
public sealed record KagBand(string Band, int Ads, AdTotals Totals, double ApprovedConversions)
{
    /// <summary>Gets approved conversions per click.</summary>
    public double ApprovedCvr => Totals.Clicks > 0 ? ApprovedConversions / Totals.Clicks : double.NaN;
}

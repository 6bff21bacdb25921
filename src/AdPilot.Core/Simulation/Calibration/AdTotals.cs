namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// What an ad (or an ad set over some days, or a pooled segment) delivered: the unit every calibration statistic is
/// computed from, on the data and on the simulator alike.
/// </summary>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="Spend">Spend, in the data's currency.</param>
/// <param name="Conversions">Purchases (or the data's counted conversions).</param>
public readonly record struct AdTotals(double Impressions, double Clicks, double Spend, double Conversions)
{
    /// <summary>Gets the cost per 1,000 impressions, or NaN without impressions.</summary>
    public double Cpm => Impressions > 0 ? Spend * 1000 / Impressions : double.NaN;

    /// <summary>Gets clicks ÷ impressions, or NaN without impressions.</summary>
    public double Ctr => Impressions > 0 ? Clicks / Impressions : double.NaN;

    /// <summary>Gets the cost per click, or NaN without clicks.</summary>
    public double Cpc => Clicks > 0 ? Spend / Clicks : double.NaN;

    /// <summary>Gets conversions ÷ clicks, or NaN without clicks.</summary>
    public double Cvr => Clicks > 0 ? Conversions / Clicks : double.NaN;

    /// <summary>Pools two totals.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>The sum of each field.</returns>
    public static AdTotals operator +(AdTotals left, AdTotals right) => new(
        left.Impressions + right.Impressions, left.Clicks + right.Clicks, left.Spend + right.Spend, left.Conversions + right.Conversions);

    /// <summary>Pools two totals.</summary>
    /// <param name="left">The first.</param>
    /// <param name="right">The second.</param>
    /// <returns>The sum of each field.</returns>
    public static AdTotals Add(AdTotals left, AdTotals right) => left + right;
}

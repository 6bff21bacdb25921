using AdPilot.Core.Domain;

namespace AdPilot.Core.Training.Backtest;

/// <summary>
/// One ad set's fitted spend-response curve and how well its own data pinned it down. Expected hourly revenue at spend s
/// in an hour whose profile factor is m is m × <see cref="InitialRoas"/> × s ÷ (1 + s ÷ <see cref="HalfSaturationSpend"/>):
/// the first unit of spend returns <see cref="InitialRoas"/>, and at s = <see cref="HalfSaturationSpend"/> ROAS has halved.
/// </summary>
/// <param name="AdSet">The ad set (for the account's curve, a placeholder named <c>account</c>).</param>
/// <param name="InitialRoas">The ROAS of the first unit of spend in an average hour of the day (β ≥ 0).</param>
/// <param name="HalfSaturationSpend">The hourly spend at which ROAS is half of <see cref="InitialRoas"/>, in the store currency (K &gt; 0).</param>
/// <param name="TypicalSpend">The ad set's mean spend over the hours it spent: the unit of its saturation multiple.</param>
/// <param name="Hours">The hours of history it was fitted on.</param>
/// <param name="HoursWithSpend">Of those, the hours that spent.</param>
/// <param name="ActualRevenue">The revenue of those hours.</param>
/// <param name="FittedRevenue">The curve's expected revenue at the spends of those hours.</param>
/// <param name="DataWeight">
/// How much of its ROAS at typical spend comes from the ad set's own hours rather than the account's prior, between 0 (none:
/// no data, the account's curve) and 1 (all).
/// </param>
/// <param name="RSquared">1 − residual ÷ total sum of squares of its hourly revenue (can be below 0 for a poor fit; 0 when revenue never varied).</param>
public sealed record AdSetResponse(
    AdSetRef AdSet,
    double InitialRoas,
    double HalfSaturationSpend,
    double TypicalSpend,
    int Hours,
    int HoursWithSpend,
    double ActualRevenue,
    double FittedRevenue,
    double DataWeight,
    double RSquared)
{
    /// <summary>Gets the saturation multiple: <see cref="HalfSaturationSpend"/> ÷ <see cref="TypicalSpend"/>.</summary>
    public double SaturationMultiple => TypicalSpend > 0 ? HalfSaturationSpend / TypicalSpend : 0;

    /// <summary>Gets the ROAS at <see cref="TypicalSpend"/> in an average hour of the day: what the ad set's hours pin down best.</summary>
    public double TypicalRoas => TypicalSpend > 0 ? ExpectedRevenue(TypicalSpend) / TypicalSpend : InitialRoas;

    /// <summary>Gets the most revenue an hour can bring in an average hour of the day, however much is spent: β × K.</summary>
    public double SaturationRevenue => InitialRoas * HalfSaturationSpend;

    /// <summary>Expected revenue at an hourly spend, before the hour-of-day factor.</summary>
    /// <param name="hourlySpend">The spend (negative spend counts as none).</param>
    /// <param name="hourFactor">The hour of day's profile factor (1 = an average hour).</param>
    /// <returns>The expected revenue.</returns>
    public double ExpectedRevenue(double hourlySpend, double hourFactor = 1) =>
        hourlySpend > 0 ? hourFactor * InitialRoas * hourlySpend / (1 + (hourlySpend / HalfSaturationSpend)) : 0;

    /// <summary>The return of one more unit of spend at an hourly spend: the curve's derivative.</summary>
    /// <param name="hourlySpend">The spend.</param>
    /// <param name="hourFactor">The hour of day's profile factor.</param>
    /// <returns>d revenue ÷ d spend.</returns>
    public double MarginalRoas(double hourlySpend, double hourFactor = 1)
    {
        var ratio = 1 + (Math.Max(0, hourlySpend) / HalfSaturationSpend);
        return hourFactor * InitialRoas / (ratio * ratio);
    }
}

namespace AdPilot.Core.Training.Backtest;

/// <summary>How well a <see cref="SpendResponseCurve"/> fits the history it was fitted on.</summary>
/// <param name="Hours">The ad set-hours of history.</param>
/// <param name="HoursWithSpend">Of those, the hours that spent.</param>
/// <param name="AdSets">The ad sets.</param>
/// <param name="AccountInitialRoas">The account's ROAS of the first unit of spend (the ad sets' prior).</param>
/// <param name="AccountSaturationMultiple">The account's saturation multiple (the ad sets' prior), in multiples of typical spend.</param>
/// <param name="ActualRevenue">The history's revenue.</param>
/// <param name="FittedRevenue">The fitted curves' expected revenue at the history's spends (close to the actual when the fit is unbiased).</param>
/// <param name="RSquared">1 − residual ÷ total sum of squares over every ad set-hour.</param>
/// <param name="Rmse">The root mean squared error of an hour's revenue, in the store currency.</param>
/// <param name="MeanDataWeight">The ad sets' mean <see cref="AdSetResponse.DataWeight"/>: near 0, the curves are mostly the prior.</param>
/// <param name="Iterations">The rounds between curves and hour-of-day profile.</param>
public sealed record SpendResponseDiagnostics(
    int Hours,
    int HoursWithSpend,
    int AdSets,
    double AccountInitialRoas,
    double AccountSaturationMultiple,
    double ActualRevenue,
    double FittedRevenue,
    double RSquared,
    double Rmse,
    double MeanDataWeight,
    int Iterations);

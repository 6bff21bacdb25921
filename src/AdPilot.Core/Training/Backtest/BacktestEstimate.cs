namespace AdPilot.Core.Training.Backtest;

/// <summary>The policy's estimated outcome over the replay, in the store currency.</summary>
/// <param name="Name">The policy.</param>
/// <param name="Totals">Estimated spend, revenue, cost of goods and orders.</param>
/// <param name="ProfitLow">The 2.5th percentile of the estimated profit over the response model's bootstrap refits, or null without a bootstrap.</param>
/// <param name="ProfitHigh">The 97.5th percentile, or null.</param>
/// <param name="BootstrapSamples">How many refits the interval rests on.</param>
public sealed record BacktestEstimate(string Name, BacktestTotals Totals, decimal? ProfitLow, decimal? ProfitHigh, int BootstrapSamples);

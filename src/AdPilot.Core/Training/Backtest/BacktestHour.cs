namespace AdPilot.Core.Training.Backtest;

/// <summary>What one ad set really did in one hour of the history, as its platform reported it.</summary>
/// <param name="Spend">Spend, in the store currency.</param>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="PlatformPurchases">Purchases the platform reports, or null when it reports none.</param>
/// <param name="DailyBudget">The daily budget in force, when the history says (null: inferred from the day's spend).</param>
/// <param name="Reported">False for an hour the history did not report (zero-filled: no delivery).</param>
public readonly record struct BacktestHour(
    decimal Spend,
    long Impressions,
    long Clicks,
    long? PlatformPurchases,
    decimal? DailyBudget,
    bool Reported)
{
    /// <summary>Gets an hour without delivery that the history left out.</summary>
    public static BacktestHour ZeroFilled => new(0m, 0, 0, null, null, false);
}

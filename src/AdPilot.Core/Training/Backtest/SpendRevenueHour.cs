using AdPilot.Core.Domain;

namespace AdPilot.Core.Training.Backtest;

/// <summary>One ad set-hour of history as the spend-response model reads it: what was spent and what it brought in.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="HourUtc">The UTC hour (used only to group hours into days when resampling; any instant in the hour will do).</param>
/// <param name="HourOfDay">The hour of day (0–23) in the store's time zone, which the hour-of-day profile is keyed by.</param>
/// <param name="Spend">Spend in the hour, in the store currency; must be finite and ≥ 0.</param>
/// <param name="Revenue">
/// Shopify revenue attributed to the ad set in the hour, in the store currency, net of refunds (so it may be negative);
/// must be finite.
/// </param>
public readonly record struct SpendRevenueHour(AdSetRef AdSet, DateTimeOffset HourUtc, int HourOfDay, double Spend, double Revenue);

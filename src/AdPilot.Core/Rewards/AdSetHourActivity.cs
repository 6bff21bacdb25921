using AdPilot.Core.Domain;

namespace AdPilot.Core.Rewards;

/// <summary>What the platform reports of one ad set-hour, for rewards and for modelled attribution.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="HourUtc">The hour, a whole UTC hour.</param>
/// <param name="Spend">Spend, in the store currency.</param>
/// <param name="DailyBudget">The daily budget in force during the hour.</param>
/// <param name="PlatformPurchases">Purchases the platform reports for the hour, or null when it reports none.</param>
public readonly record struct AdSetHourActivity(AdSetRef AdSet, DateTimeOffset HourUtc, decimal Spend, decimal DailyBudget, long? PlatformPurchases);

using AdPilot.Core.Domain;

namespace AdPilot.Core.Rewards;

/// <summary>An amount of money booked to a UTC hour.</summary>
/// <param name="HourUtc">The hour.</param>
/// <param name="Amount">The amount.</param>
public readonly record struct HourAmount(DateTimeOffset HourUtc, Money Amount);

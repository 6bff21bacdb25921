using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Scheduling;

/// <summary>One ad account's hour of work.</summary>
/// <param name="StoreId">The store the account belongs to.</param>
/// <param name="Account">The ad account.</param>
/// <param name="HourUtc">The UTC hour the cycle is for: a whole hour.</param>
public sealed record AccountHour(long StoreId, AdAccountRef Account, DateTimeOffset HourUtc);

using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Scheduling;

/// <summary>An ad account the scheduler runs a cycle for every hour.</summary>
/// <param name="StoreId">The store the account belongs to.</param>
/// <param name="Account">The ad account.</param>
public sealed record ScheduledAccount(long StoreId, AdAccountRef Account);

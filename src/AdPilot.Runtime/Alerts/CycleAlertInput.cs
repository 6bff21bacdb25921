using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Alerts;

/// <summary>What one account's cycle tells the alert rules.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="Account">The ad account.</param>
/// <param name="HourUtc">The hour the cycle decided for; the hour before it is the one it scored.</param>
/// <param name="AdSetIds">The account's ad sets (platform ids), whose spend the spike rule sums; empty when the cycle failed before reading them.</param>
/// <param name="ApiErrors">Failed API calls to the account's platform while the cycle ran.</param>
/// <param name="Failure">Why the cycle failed, or null when it succeeded.</param>
public sealed record CycleAlertInput(
    long StoreId, AdAccountRef Account, DateTimeOffset HourUtc, IReadOnlyCollection<string> AdSetIds, long ApiErrors, string? Failure);

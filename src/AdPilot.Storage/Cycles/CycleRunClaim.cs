using AdPilot.Core.Domain;

namespace AdPilot.Storage.Cycles;

/// <summary>A worker's claim on an account-hour: the right to run its cycle and record how it ended.</summary>
/// <param name="Id">The ledger row.</param>
/// <param name="StoreId">The store.</param>
/// <param name="Platform">The ad account's platform.</param>
/// <param name="AccountId">The platform's id of the ad account.</param>
/// <param name="Hour">The UTC hour.</param>
/// <param name="Worker">The worker holding the claim.</param>
/// <param name="Attempt">Which claim of the account-hour this is, from 1; a later claim supersedes it.</param>
public sealed record CycleRunClaim(long Id, long StoreId, Platform Platform, string AccountId, DateTimeOffset Hour, string Worker, int Attempt);

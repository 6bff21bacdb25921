using AdPilot.Core.Domain;

namespace AdPilot.Storage.Cycles;

/// <summary>One account-hour in the ledger of the hourly loop.</summary>
/// <param name="Id">The row id.</param>
/// <param name="StoreId">The store.</param>
/// <param name="Platform">The ad account's platform.</param>
/// <param name="AccountId">The platform's id of the ad account.</param>
/// <param name="Hour">The UTC hour the cycle is for.</param>
/// <param name="Status">Where the run stands.</param>
/// <param name="Worker">The instance id of the worker that claimed it last.</param>
/// <param name="Attempts">How many times it was claimed.</param>
/// <param name="StartedAt">When the last claim started it.</param>
/// <param name="FinishedAt">When the last claim finished it; null while running.</param>
/// <param name="Error">The last failure's message (at most <see cref="CycleRunStore.MaxErrorLength"/> characters).</param>
/// <param name="SummaryJson">The cycle's short JSON summary, if it gave one.</param>
public sealed record CycleRun(
    long Id,
    long StoreId,
    Platform Platform,
    string AccountId,
    DateTimeOffset Hour,
    CycleRunStatus Status,
    string Worker,
    int Attempts,
    DateTimeOffset StartedAt,
    DateTimeOffset? FinishedAt,
    string? Error,
    string? SummaryJson);

using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// The scheduler's log messages, event ids in the Scheduling range (7000s). Messages name accounts, hours and workers;
/// a cycle's error message carries no secrets by contract (no token is ever put in an exception).
/// </summary>
internal static partial class SchedulingLog
{
    [LoggerMessage(EventId = 7000, Level = LogLevel.Information, Message = "Cycle scheduler {Worker} started: {Count} accounts, {Store} job store, {Schedule}")]
    public static partial void Started(this ILogger logger, string worker, int count, string store, string schedule);

    [LoggerMessage(EventId = 7001, Level = LogLevel.Information, Message = "Cycle scheduler {Worker} stopped")]
    public static partial void Stopped(this ILogger logger, string worker);

    [LoggerMessage(EventId = 7002, Level = LogLevel.Information, Message = "Cycle {Account} at {Hour:u}: attempt {Attempt} on {Worker}{Recovery}")]
    public static partial void CycleStarting(this ILogger logger, string account, DateTimeOffset hour, int attempt, string worker, string recovery);

    [LoggerMessage(EventId = 7003, Level = LogLevel.Information, Message = "Cycle {Account} at {Hour:u} succeeded")]
    public static partial void CycleSucceeded(this ILogger logger, string account, DateTimeOffset hour);

    [LoggerMessage(EventId = 7004, Level = LogLevel.Debug, Message = "Cycle {Account} at {Hour:u} already succeeded; not run again")]
    public static partial void CycleAlreadySucceeded(this ILogger logger, string account, DateTimeOffset hour);

    [LoggerMessage(EventId = 7005, Level = LogLevel.Error, Message = "Cycle {Account} at {Hour:u} failed on attempt {Attempt}: {Error}")]
    public static partial void CycleFailed(this ILogger logger, string account, DateTimeOffset hour, int attempt, string error);

    [LoggerMessage(EventId = 7006, Level = LogLevel.Warning, Message = "Cycle {Account} at {Hour:u} was cancelled on attempt {Attempt}; the ledger says failed")]
    public static partial void CycleCancelled(this ILogger logger, string account, DateTimeOffset hour, int attempt);

    [LoggerMessage(EventId = 7007, Level = LogLevel.Warning,
        Message = "Cycle {Account} at {Hour:u} finished on {Worker} after another worker claimed it again; the newer attempt's outcome stands")]
    public static partial void CycleSuperseded(this ILogger logger, string account, DateTimeOffset hour, string worker);

    [LoggerMessage(EventId = 7008, Level = LogLevel.Information, Message = "Rescheduled {Job}: {Schedule}")]
    public static partial void Rescheduled(this ILogger logger, string job, string schedule);

    [LoggerMessage(EventId = 7009, Level = LogLevel.Information, Message = "Deleted {Count} cycle jobs of accounts no longer configured: {Jobs}")]
    public static partial void Unscheduled(this ILogger logger, int count, string jobs);

    [LoggerMessage(EventId = 7010, Level = LogLevel.Information, Message = "Nightly retraining of store {StoreId} scheduled: {Schedule}")]
    public static partial void RetrainingScheduled(this ILogger logger, long storeId, string schedule);

    [LoggerMessage(EventId = 7011, Level = LogLevel.Information, Message = "Deleted {Count} retraining jobs of stores no longer retrained: {Jobs}")]
    public static partial void RetrainingUnscheduled(this ILogger logger, int count, string jobs);
}

using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Loop;

/// <summary>The hourly loop's log messages, event ids in the 6000s. They name accounts, hours and counts, never secrets.</summary>
internal static partial class LoopLog
{
    [LoggerMessage(EventId = 6000, Level = LogLevel.Information,
        Message = "Cycle {Account} {Hour:u} ({Stage}): {Managed} ad sets, {Decisions} decisions, {Changes} changes proposed, {Applied} applied, {Blocked} blocked, {Pending} pending approval, in {Seconds:0.00} s")]
    public static partial void CycleDone(
        this ILogger logger, string account, DateTimeOffset hour, string stage, int managed, int decisions, int changes, int applied, int blocked, int pending, double seconds);

    [LoggerMessage(EventId = 6001, Level = LogLevel.Information, Message = "Policy {Policy} starts from checkpoint {Path}")]
    public static partial void PolicyLoaded(this ILogger logger, string policy, string path);

    [LoggerMessage(EventId = 6002, Level = LogLevel.Information, Message = "Policy for {Account} starts a new episode over {Count} ad sets at {Hour:u}")]
    public static partial void EpisodeStarted(this ILogger logger, string account, int count, DateTimeOffset hour);

    [LoggerMessage(EventId = 6004, Level = LogLevel.Warning,
        Message = "Ad set {AdSet} reports its budget in {Currency}, not the account's {AccountCurrency}: left out of the cycle")]
    public static partial void CurrencyMismatch(this ILogger logger, string adSet, string currency, string accountCurrency);

    [LoggerMessage(EventId = 6005, Level = LogLevel.Warning,
        Message = "Cycle {Account}: the store's order pull is still running after {Seconds:0} s; the hour is scored with the orders stored so far and rescored when they arrive")]
    public static partial void OrdersPending(this ILogger logger, string account, double seconds);

    [LoggerMessage(EventId = 6006, Level = LogLevel.Warning, Message = "The order pull of {Shop} failed; the next cycle pulls again: {Error}")]
    public static partial void OrderPullFailed(this ILogger logger, string shop, string error);

    [LoggerMessage(EventId = 6007, Level = LogLevel.Information, Message = "Store {StoreId}: late order changes rescored {Count} ad set-hours up to {Hour:u}")]
    public static partial void LateChangesRescored(this ILogger logger, long storeId, int count, DateTimeOffset hour);

    [LoggerMessage(EventId = 6008, Level = LogLevel.Warning, Message = "Store {StoreId}: rescoring late order changes failed; the next hour tries again: {Error}")]
    public static partial void RescoreFailed(this ILogger logger, long storeId, string error);

    [LoggerMessage(EventId = 6010, Level = LogLevel.Information,
        Message = "Policy for {Account} switches from checkpoint {FromVersion} to the registry's active {ToVersion}; a new episode starts")]
    public static partial void CheckpointSwitched(this ILogger logger, string account, string fromVersion, string toVersion);

    [LoggerMessage(EventId = 6011, Level = LogLevel.Error,
        Message = "Policy for {Account}: the registry's active checkpoint {Version} at {Path} cannot be loaded on this worker; the policy serving now goes on and the next cycle tries again: {Error}")]
    public static partial void RegisteredCheckpointUnusable(this ILogger logger, string account, string version, string path, string error);
}

using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Retraining;

/// <summary>The retraining's log messages, event ids 6170–6179. They name stores, versions, ranges and counts, never secrets.</summary>
internal static partial class RetrainingLog
{
    [LoggerMessage(EventId = 6170, Level = LogLevel.Information,
        Message = "Retraining {Version} of store {StoreId}: {AdSets} ad sets, {Hours} hours, {Decisions} decisions, {Orders} orders between {From:u} and {To:u}; training {Kind} from {StartedFrom} for {Episodes} episodes")]
    public static partial void Started(
        this ILogger logger, string version, long storeId, int adSets, int hours, long decisions, long orders, DateTimeOffset from, DateTimeOffset to, string kind, string startedFrom, int episodes);

    [LoggerMessage(EventId = 6171, Level = LogLevel.Information,
        Message = "Retraining {Version} of store {StoreId} registered {Path}: the gate ({Method}) says {Decision}: {Reason}")]
    public static partial void Judged(this ILogger logger, string version, long storeId, string path, string method, string decision, string reason);

    [LoggerMessage(EventId = 6172, Level = LogLevel.Information, Message = "Retraining {Version} of store {StoreId} promoted: it replaces {Previous} as the active checkpoint")]
    public static partial void Promoted(this ILogger logger, string version, long storeId, string previous);

    [LoggerMessage(EventId = 6173, Level = LogLevel.Information,
        Message = "Retraining {Version} of store {StoreId} already exists ({Status}); nothing was trained again")]
    public static partial void Reused(this ILogger logger, string version, long storeId, string status);

    [LoggerMessage(EventId = 6174, Level = LogLevel.Error, Message = "Retraining {Version} of store {StoreId} failed: {Error}")]
    public static partial void Failed(this ILogger logger, string version, long storeId, string error);

    [LoggerMessage(EventId = 6175, Level = LogLevel.Warning,
        Message = "Retraining {Version} of store {StoreId}: the gate approved it against {JudgedAgainst}, but {Active} serves now; it stays a candidate")]
    public static partial void ActiveChanged(this ILogger logger, string version, long storeId, string judgedAgainst, string active);

    [LoggerMessage(EventId = 6176, Level = LogLevel.Information, Message = "Retraining {Version} of store {StoreId} is already running elsewhere; this run stops")]
    public static partial void AlreadyRunning(this ILogger logger, string version, long storeId);
}

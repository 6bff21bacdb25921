using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// The actuator's log messages, event ids in the Actuator range (5000s). Messages name ad sets, amounts and statuses,
/// never tokens; platform error messages carry no secrets by contract (<c>PlatformException</c>).
/// </summary>
internal static partial class ActuationLog
{
    [LoggerMessage(EventId = 5000, Level = LogLevel.Information, Message = "Applied action {ActionId} to ad set {AdSet}: {Response}")]
    public static partial void Applied(this ILogger logger, long actionId, string adSet, string response);

    [LoggerMessage(EventId = 5001, Level = LogLevel.Warning, Message = "Action {ActionId} for ad set {AdSet} failed: {Error}")]
    public static partial void Failed(this ILogger logger, long actionId, string adSet, string error);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning,
        Message = "Action {ActionId} for ad set {AdSet} hit a transient error and stays open for the next cycle's recovery: {Error}")]
    public static partial void LeftOpen(this ILogger logger, long actionId, string adSet, string error);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Recovery found action {ActionId} already applied to ad set {AdSet}")]
    public static partial void FoundApplied(this ILogger logger, long actionId, string adSet);

    [LoggerMessage(EventId = 5004, Level = LogLevel.Information, Message = "Human change on ad set {AdSet}: {Change}")]
    public static partial void HumanChange(this ILogger logger, string adSet, string change);

    [LoggerMessage(EventId = 5005, Level = LogLevel.Critical, Message = "Kill switch engaged for store {StoreId}: {Reason}")]
    public static partial void KillSwitchEngaged(this ILogger logger, long storeId, string reason);

    [LoggerMessage(EventId = 5006, Level = LogLevel.Warning, Message = "Kill switch released for store {StoreId}")]
    public static partial void KillSwitchReleased(this ILogger logger, long storeId);

    [LoggerMessage(EventId = 5007, Level = LogLevel.Information, Message = "Shadow cycle for {Account} at {Hour:u}: {Count} decisions logged, nothing sent")]
    public static partial void ShadowLogged(this ILogger logger, string account, DateTimeOffset hour, int count);
}

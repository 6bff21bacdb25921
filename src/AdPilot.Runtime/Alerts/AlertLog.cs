using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Alerts;

/// <summary>The alerts' log messages, event ids in the 8000s. They name kinds, keys and messages, never the webhook.</summary>
internal static partial class AlertLog
{
    [LoggerMessage(EventId = 8000, EventName = "AlertRaised", Level = LogLevel.Warning, Message = "Alert raised for store {StoreId}: {Kind} ({Severity}, {Key}): {Message}")]
    public static partial void AlertRaised(this ILogger logger, long storeId, string kind, string severity, string key, string message);

    [LoggerMessage(EventId = 8001, EventName = "AlertResolved", Level = LogLevel.Information, Message = "Alert resolved for store {StoreId}: {Kind} ({Key}): {Message}")]
    public static partial void AlertResolved(this ILogger logger, long storeId, string kind, string key, string message);

    [LoggerMessage(EventId = 8002, EventName = "AlertNotifyFailed", Level = LogLevel.Warning,
        Message = "The alert webhook did not take the {Kind} message after {Attempts} attempts ({Reason}); the alert stays in the dashboard")]
    public static partial void NotifyFailed(this ILogger logger, string kind, int attempts, string reason);

    [LoggerMessage(EventId = 8003, EventName = "AlertEvaluationFailed", Level = LogLevel.Warning,
        Message = "Alert rules for store {StoreId} could not be evaluated after the cycle of {Account}; the next cycle tries again: {Error}")]
    public static partial void EvaluationFailed(this ILogger logger, long storeId, string account, string error);
}

using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Dashboard;

/// <summary>The dashboard's log events (web range, 6600–6699). No template takes a secret or an attempted credential.</summary>
internal static partial class DashboardLog
{
    [LoggerMessage(EventId = 6600, Level = LogLevel.Warning, Message = "Dashboard sign-in refused from {RemoteAddress}: the credential did not match")]
    public static partial void SignInFailed(this ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = 6601, Level = LogLevel.Information, Message = "Dashboard sign-in by {User} from {RemoteAddress}")]
    public static partial void SignedIn(this ILogger logger, string user, string remoteAddress);

    [LoggerMessage(EventId = 6602, Level = LogLevel.Information, Message = "Dashboard sign-out by {User}")]
    public static partial void SignedOut(this ILogger logger, string user);

    [LoggerMessage(EventId = 6603, Level = LogLevel.Warning, Message = "Bearer token refused for {Path} from {RemoteAddress}")]
    public static partial void BearerRefused(this ILogger logger, string path, string remoteAddress);

    [LoggerMessage(EventId = 6604, Level = LogLevel.Information, Message = "Approval {ApprovalId} of store {StoreId} {Decision} by {User} from the dashboard")]
    public static partial void ApprovalDecided(this ILogger logger, long approvalId, long storeId, string decision, string user);

    [LoggerMessage(EventId = 6605, Level = LogLevel.Warning, Message = "Kill switch of store {StoreId} engaged from the dashboard by {User} (restore: {Restore})")]
    public static partial void KillSwitchEngaged(this ILogger logger, long storeId, string user, bool restore);

    [LoggerMessage(EventId = 6606, Level = LogLevel.Information, Message = "Kill switch of store {StoreId} released from the dashboard by {User}")]
    public static partial void KillSwitchReleased(this ILogger logger, long storeId, string user);

    [LoggerMessage(EventId = 6607, Level = LogLevel.Warning,
        Message = "No dashboard credential is configured outside production: a one-time admin token was generated for this process (not logged; adpilot serve prints it)")]
    public static partial void OneTimeTokenGenerated(this ILogger logger);

    [LoggerMessage(EventId = 6609, Level = LogLevel.Warning, Message = "Dashboard sign-in from {RemoteAddress} refused unchecked: too many refused attempts")]
    public static partial void SignInThrottled(this ILogger logger, string remoteAddress);

    [LoggerMessage(EventId = 6608, Level = LogLevel.Error, Message = "Kill switch restore of {Account} failed from the dashboard")]
    public static partial void RestoreFailed(this ILogger logger, string account, Exception exception);

    [LoggerMessage(EventId = 6610, Level = LogLevel.Information, Message = "Experiment {ExperimentId} of store {StoreId}: {Verb} by {User} from the dashboard")]
    public static partial void ExperimentActed(this ILogger logger, long experimentId, long storeId, string verb, string user);
}

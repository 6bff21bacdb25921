using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Creatives;

/// <summary>Creative tagging and rotation's log messages, event ids 5100–5199 of the Actuator range.</summary>
internal static partial class CreativesLog
{
    [LoggerMessage(EventId = 5100, Level = LogLevel.Information, Message = "Rotated the creatives of ad set {AdSet} to {Type} (action {ActionId}): {Response}")]
    public static partial void Rotated(this ILogger logger, string adSet, string type, long actionId, string response);

    [LoggerMessage(EventId = 5101, Level = LogLevel.Information, Message = "Creative rotation of ad set {AdSet} to {Type} not applied (action {ActionId}): {Reasons}")]
    public static partial void RotationRefused(this ILogger logger, string adSet, string type, long actionId, string reasons);

    [LoggerMessage(EventId = 5102, Level = LogLevel.Warning, Message = "Creative rotation {ActionId} of ad set {AdSet} failed: {Error}")]
    public static partial void RotationFailed(this ILogger logger, long actionId, string adSet, string error);

    [LoggerMessage(EventId = 5103, Level = LogLevel.Warning,
        Message = "Creative rotation {ActionId} of ad set {AdSet} hit a transient error and stays open for the next cycle's recovery: {Error}")]
    public static partial void RotationLeftOpen(this ILogger logger, long actionId, string adSet, string error);

    [LoggerMessage(EventId = 5104, Level = LogLevel.Information, Message = "Restored the creatives of ad set {AdSet} as they were before {Count} rotation(s) (action {ActionId})")]
    public static partial void CreativesRestored(this ILogger logger, string adSet, int count, long actionId);

    [LoggerMessage(EventId = 5105, Level = LogLevel.Information, Message = "Tagged {Count} ads of {Account}: {Untagged} untagged")]
    public static partial void Tagged(this ILogger logger, string account, int count, int untagged);
}

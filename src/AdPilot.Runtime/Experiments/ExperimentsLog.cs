using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Experiments;

/// <summary>Targeting experiments' log messages, event ids 5200–5299 of the Actuator range.</summary>
internal static partial class ExperimentsLog
{
    [LoggerMessage(EventId = 5200, Level = LogLevel.Information, Message = "Targeting experiment {Id} proposed for ad set {AdSet}: {Targeting} (by {ProposedBy})")]
    public static partial void ExperimentProposed(this ILogger logger, long id, string adSet, string targeting, string proposedBy);

    [LoggerMessage(EventId = 5201, Level = LogLevel.Information, Message = "Targeting experiment {Id} started: copy {Copy} of ad set {AdSet} runs until {EndsAt:u}")]
    public static partial void ExperimentStarted(this ILogger logger, long id, string copy, string adSet, DateTimeOffset endsAt);

    [LoggerMessage(EventId = 5202, Level = LogLevel.Information, Message = "Targeting experiment {Id} concluded: {Outcome}")]
    public static partial void ExperimentConcluded(this ILogger logger, long id, string outcome);

    [LoggerMessage(EventId = 5203, Level = LogLevel.Warning, Message = "Targeting experiment {Id} ended early: {Outcome}")]
    public static partial void ExperimentEnded(this ILogger logger, long id, string outcome);

    [LoggerMessage(EventId = 5204, Level = LogLevel.Warning, Message = "Targeting experiment {Id} failed: {Outcome}")]
    public static partial void ExperimentFailed(this ILogger logger, long id, string outcome);

    [LoggerMessage(EventId = 5205, Level = LogLevel.Warning, Message = "Targeting experiment {Id} waits for the next cycle: {Error}")]
    public static partial void ExperimentWaits(this ILogger logger, long id, string error);

    [LoggerMessage(EventId = 5206, Level = LogLevel.Information, Message = "Targeting proposal for ad set {AdSet} not recorded: the store already has {Open} open experiments (Experiments:MaxOpen)")]
    public static partial void ExperimentProposalDeferred(this ILogger logger, string adSet, int open);
}

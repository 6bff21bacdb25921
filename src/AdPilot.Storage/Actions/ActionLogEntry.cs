namespace AdPilot.Storage.Actions;

/// <summary>A logged decision and what became of it.</summary>
/// <param name="Id">The row id.</param>
/// <param name="Decision">The decision as logged (its <see cref="ActionDecision.Status"/> is the current status).</param>
/// <param name="PlatformResponse">The platform's response, once called.</param>
/// <param name="Error">The error, when the call failed.</param>
/// <param name="DecidedAt">When it was logged.</param>
/// <param name="AttemptedAt">When the intent to call the platform was written.</param>
/// <param name="CompletedAt">When the outcome was written.</param>
public sealed record ActionLogEntry(
    long Id,
    ActionDecision Decision,
    string? PlatformResponse,
    string? Error,
    DateTimeOffset DecidedAt,
    DateTimeOffset? AttemptedAt,
    DateTimeOffset? CompletedAt)
{
    /// <summary>Gets the current status.</summary>
    public ActionStatus Status => Decision.Status;
}

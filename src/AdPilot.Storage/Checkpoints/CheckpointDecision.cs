namespace AdPilot.Storage.Checkpoints;

/// <summary>Who changes the active checkpoint, and why; kept in the promotion history.</summary>
/// <param name="DecidedBy">A person's name, or the job that decided (e.g. <c>retraining</c>); 1 to 200 characters.</param>
/// <param name="Note">Why, at most 1,000 characters; null for none.</param>
public sealed record CheckpointDecision(string DecidedBy, string? Note = null)
{
    /// <summary>The longest <see cref="DecidedBy"/> the history keeps.</summary>
    public const int MaxDecidedByLength = 200;

    /// <summary>The longest <see cref="Note"/> the history keeps.</summary>
    public const int MaxNoteLength = 1000;

    /// <summary>Checks the lengths the history's columns allow.</summary>
    /// <exception cref="ArgumentException"><see cref="DecidedBy"/> is empty or too long, or <see cref="Note"/> is too long.</exception>
    internal void Validate()
    {
        if (string.IsNullOrWhiteSpace(DecidedBy) || DecidedBy.Length > MaxDecidedByLength)
        {
            throw new ArgumentException($"who decides must be 1 to {MaxDecidedByLength} characters", nameof(DecidedBy));
        }

        if (Note is { Length: > MaxNoteLength })
        {
            throw new ArgumentException($"the note must be at most {MaxNoteLength} characters, got {Note.Length}", nameof(Note));
        }
    }
}

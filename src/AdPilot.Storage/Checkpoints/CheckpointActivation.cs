namespace AdPilot.Storage.Checkpoints;

/// <summary>One change of a store's active checkpoint, from the promotion history.</summary>
/// <param name="Id">The history row's id.</param>
/// <param name="Version">The version made active.</param>
/// <param name="PreviousVersion">The version it replaced, or null when none served.</param>
/// <param name="Kind">Promotion or rollback.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Note">Why, if said.</param>
public sealed record CheckpointActivation(
    long Id, string Version, string? PreviousVersion, CheckpointChangeKind Kind, string DecidedBy, DateTimeOffset DecidedAt, string? Note);

namespace AdPilot.Storage.Checkpoints;

/// <summary>A registered checkpoint.</summary>
/// <param name="Id">The row id.</param>
/// <param name="Checkpoint">The checkpoint.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="PromotedAt">When it last became active.</param>
public sealed record StoredCheckpoint(long Id, CheckpointRecord Checkpoint, CheckpointStatus Status, DateTimeOffset CreatedAt, DateTimeOffset? PromotedAt);

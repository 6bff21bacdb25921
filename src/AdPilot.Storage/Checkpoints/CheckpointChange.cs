namespace AdPilot.Storage.Checkpoints;

/// <summary>What a promotion or rollback did.</summary>
/// <param name="Active">The checkpoint active now.</param>
/// <param name="Previous">The version active before, or null when none was.</param>
/// <param name="Changed">False when the version was active already (nothing was written).</param>
public sealed record CheckpointChange(StoredCheckpoint Active, string? Previous, bool Changed);

namespace AdPilot.Runtime.Retraining;

/// <summary>What a retraining did, or found done for its night.</summary>
/// <param name="Version">The version: <c>nightly-yyyy-MM-dd</c>, the store-local date the data end on.</param>
/// <param name="AgentKind">The agent it holds.</param>
/// <param name="Path">The checkpoint file.</param>
/// <param name="Meta">What the registry keeps about it (data range and counts, training figures, the gate's verdict).</param>
/// <param name="Promoted">Whether it became the active version through this retraining.</param>
/// <param name="Reused">True when the night's version already existed and nothing was trained again.</param>
/// <param name="Active">The store's active version after the run, or null when none serves.</param>
public sealed record RetrainingResult(string Version, string AgentKind, string Path, CheckpointMeta Meta, bool Promoted, bool Reused, string? Active);

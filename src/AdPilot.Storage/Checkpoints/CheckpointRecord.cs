namespace AdPilot.Storage.Checkpoints;

/// <summary>A policy checkpoint: where its file lives and what it is.</summary>
/// <param name="Version">The version, unique per store.</param>
/// <param name="AgentKind">The agent kind, e.g. dqn.</param>
/// <param name="ModelBlobLocation">Where the checkpoint file is (path or URL).</param>
/// <param name="MetaJson">Its metadata (run id, episodes, metrics) as JSON.</param>
public sealed record CheckpointRecord(string Version, string AgentKind, string ModelBlobLocation, string MetaJson);

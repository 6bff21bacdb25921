namespace AdPilot.Core.Agents.Checkpoints;

/// <summary>The JSON part of a checkpoint file: everything but the tensor bytes.</summary>
/// <param name="AgentKind">The kind of agent.</param>
/// <param name="AgentVersion">The agent's own schema number.</param>
/// <param name="CreatedAt">When the checkpoint was taken.</param>
/// <param name="RunId">The training run.</param>
/// <param name="Metadata">Free-form facts about the run, in ordinal key order.</param>
/// <param name="Options">The agent's options as JSON text.</param>
/// <param name="Tensors">The tensors, in ordinal name order.</param>
internal sealed record CheckpointManifest(
    string AgentKind,
    int AgentVersion,
    DateTimeOffset CreatedAt,
    string RunId,
    IReadOnlyDictionary<string, string> Metadata,
    string Options,
    IReadOnlyList<CheckpointManifestTensor> Tensors);

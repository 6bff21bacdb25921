namespace AdPilot.Cli.Commands;

/// <summary>What <c>adpilot checkpoints promote|rollback --json</c> prints.</summary>
/// <param name="Active">The version active now.</param>
/// <param name="AgentKind">Its agent.</param>
/// <param name="Previous">The version active before, or null.</param>
/// <param name="Changed">False when it was active already.</param>
/// <param name="Kind"><c>promote</c> or <c>rollback</c>.</param>
/// <param name="DecidedBy">Who decided.</param>
internal sealed record CheckpointChangeReport(string Active, string AgentKind, string? Previous, bool Changed, string Kind, string DecidedBy);

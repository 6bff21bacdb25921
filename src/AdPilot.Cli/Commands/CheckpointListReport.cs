namespace AdPilot.Cli.Commands;

/// <summary>What <c>adpilot checkpoints list --json</c> prints.</summary>
/// <param name="Active">The store's active version, or null when none serves.</param>
/// <param name="Checkpoints">The registered versions, newest first.</param>
/// <param name="History">Every change of the active version, newest first.</param>
internal sealed record CheckpointListReport(string? Active, IReadOnlyList<CheckpointListRow> Checkpoints, IReadOnlyList<CheckpointHistoryRow> History);

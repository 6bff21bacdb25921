namespace AdPilot.Cli.Commands;

/// <summary>One change of the active version in <c>adpilot checkpoints list</c>.</summary>
/// <param name="Version">The version made active.</param>
/// <param name="Previous">The version it replaced, or null.</param>
/// <param name="Kind"><c>promote</c> or <c>rollback</c>.</param>
/// <param name="DecidedBy">Who decided.</param>
/// <param name="DecidedAt">When.</param>
/// <param name="Note">Why, if said.</param>
internal sealed record CheckpointHistoryRow(string Version, string? Previous, string Kind, string DecidedBy, DateTimeOffset DecidedAt, string? Note);

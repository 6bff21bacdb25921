namespace AdPilot.Cli.Commands;

/// <summary>What <c>adpilot checkpoints add --json</c> prints.</summary>
/// <param name="Version">The registered version.</param>
/// <param name="AgentKind">Its agent.</param>
/// <param name="Status">Its status (<c>candidate</c> when new).</param>
/// <param name="Path">Where the registry keeps the file.</param>
/// <param name="Added">False when the same file was registered under this version already.</param>
internal sealed record CheckpointAddReport(string Version, string AgentKind, string Status, string Path, bool Added);

using AdPilot.Runtime.Retraining;

namespace AdPilot.Cli.Commands;

/// <summary>What <c>adpilot retrain --json</c> prints.</summary>
/// <param name="Version">The night's version, <c>nightly-yyyy-MM-dd</c>.</param>
/// <param name="AgentKind">The agent it holds.</param>
/// <param name="From">The first hour of the data, inclusive.</param>
/// <param name="To">The end hour of the data, exclusive.</param>
/// <param name="Hours">Hours of ad set insights in the range.</param>
/// <param name="Decisions">Decisions the policy logged in the range.</param>
/// <param name="Orders">Orders placed in the range.</param>
/// <param name="Episodes">Training episodes.</param>
/// <param name="StartedFrom">The registered version training went on from, or null for a fresh agent.</param>
/// <param name="Promoted">Whether it became the active version through the retraining.</param>
/// <param name="Reused">True when the night's version existed and nothing was trained again.</param>
/// <param name="Active">The active version after the run, or null when none serves.</param>
/// <param name="Verdict">The promotion gate's verdict.</param>
/// <param name="Path">The checkpoint file.</param>
internal sealed record RetrainReport(
    string Version,
    string AgentKind,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int? Hours,
    long? Decisions,
    long? Orders,
    int? Episodes,
    string? StartedFrom,
    bool Promoted,
    bool Reused,
    string? Active,
    CheckpointVerdictMeta? Verdict,
    string Path);

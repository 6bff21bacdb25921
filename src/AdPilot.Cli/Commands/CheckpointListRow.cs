using AdPilot.Runtime.Retraining;

namespace AdPilot.Cli.Commands;

/// <summary>One registered version in <c>adpilot checkpoints list</c>.</summary>
/// <param name="Version">The version.</param>
/// <param name="AgentKind">The agent it holds.</param>
/// <param name="Status"><c>candidate</c>, <c>active</c> or <c>retired</c>.</param>
/// <param name="CreatedAt">When it was registered.</param>
/// <param name="PromotedAt">When it last became active, if ever.</param>
/// <param name="PromotedBy">Who made it active that time.</param>
/// <param name="Source"><c>retraining</c> or <c>file</c>, when the registry says.</param>
/// <param name="Path">The checkpoint file.</param>
/// <param name="From">The first hour of the data it learned from (retrained versions).</param>
/// <param name="To">The end hour of that data, exclusive.</param>
/// <param name="Hours">Hours of ad set insights in that data.</param>
/// <param name="Decisions">Decisions the policy logged in that range.</param>
/// <param name="Orders">Orders placed in that range.</param>
/// <param name="Episodes">Training episodes.</param>
/// <param name="ProfitPerDay">The last training episode's simulated profit per day.</param>
/// <param name="RewardTrend">Simulated profit per day over the last ten episodes.</param>
/// <param name="Verdict">The promotion gate's verdict, when one was asked for.</param>
internal sealed record CheckpointListRow(
    string Version,
    string AgentKind,
    string Status,
    DateTimeOffset CreatedAt,
    DateTimeOffset? PromotedAt,
    string? PromotedBy,
    string? Source,
    string Path,
    DateTimeOffset? From,
    DateTimeOffset? To,
    int? Hours,
    long? Decisions,
    long? Orders,
    int? Episodes,
    double? ProfitPerDay,
    double? RewardTrend,
    CheckpointVerdictMeta? Verdict);

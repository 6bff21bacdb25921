using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;

namespace AdPilot.Storage.Dashboard;

/// <summary>One line of the dashboard's actions log.</summary>
/// <param name="Id">The entry's id.</param>
/// <param name="AdSet">The ad set.</param>
/// <param name="Hour">The UTC hour decided for.</param>
/// <param name="Mode">The rollout stage.</param>
/// <param name="PolicyName">The policy (or <c>human</c>, <c>kill_switch</c>).</param>
/// <param name="CheckpointVersion">The checkpoint the policy ran, if any.</param>
/// <param name="ProposedActionJson">The proposal.</param>
/// <param name="FinalActionJson">The action after the guardrails, null when blocked.</param>
/// <param name="Verdict">The guardrails' verdict.</param>
/// <param name="GuardrailReasons">Their reasons, as JSON (an array of strings).</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Error">The platform's error, when it failed.</param>
/// <param name="DecidedAt">When it was logged.</param>
public sealed record ActionRow(
    long Id,
    AdSetRef AdSet,
    DateTimeOffset Hour,
    RolloutMode Mode,
    string PolicyName,
    string? CheckpointVersion,
    string ProposedActionJson,
    string? FinalActionJson,
    GuardrailVerdict Verdict,
    string GuardrailReasons,
    ActionStatus Status,
    string? Error,
    DateTimeOffset DecidedAt);

using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;

namespace AdPilot.Storage.Evidence;

/// <summary>A policy's logged decision for one ad set-hour, as off-policy evaluation reads it.</summary>
/// <param name="Id">The action log's row id.</param>
/// <param name="AdSet">The ad set.</param>
/// <param name="AccountExternalId">The platform id of the ad account the ad set belongs to, when the ad set is known to the database.</param>
/// <param name="Hour">The UTC hour decided.</param>
/// <param name="Mode">The rollout mode.</param>
/// <param name="StateJson">The state the policy saw, as JSON.</param>
/// <param name="PolicyName">The policy's name.</param>
/// <param name="PolicyVersion">The policy's version.</param>
/// <param name="CheckpointVersion">The checkpoint it ran, if any.</param>
/// <param name="ProposedActionJson">What it proposed, as JSON.</param>
/// <param name="Propensity">The proposal's probability under the policy, when logged.</param>
/// <param name="Status">What became of it.</param>
public sealed record LoggedDecisionRow(
    long Id,
    AdSetRef AdSet,
    string? AccountExternalId,
    DateTimeOffset Hour,
    RolloutMode Mode,
    string StateJson,
    string PolicyName,
    string PolicyVersion,
    string? CheckpointVersion,
    string ProposedActionJson,
    double? Propensity,
    ActionStatus Status);

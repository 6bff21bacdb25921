using AdPilot.Core.Domain;

namespace AdPilot.Storage.Actions;

/// <summary>One decision of the policy for one ad set-hour, as it is logged before anything is done about it.</summary>
public sealed record ActionDecision
{
    /// <summary>Gets the key that makes logging (and the platform write) idempotent, e.g. <c>{adset}:{hour}:{policy}</c>.</summary>
    public required string IdempotencyKey { get; init; }

    /// <summary>Gets the ad set.</summary>
    public required AdSetRef AdSet { get; init; }

    /// <summary>Gets the UTC hour decided for.</summary>
    public required DateTimeOffset Hour { get; init; }

    /// <summary>Gets the rollout mode.</summary>
    public required RolloutMode Mode { get; init; }

    /// <summary>Gets the state the policy saw, as JSON.</summary>
    public required string StateJson { get; init; }

    /// <summary>Gets the policy's name.</summary>
    public required string PolicyName { get; init; }

    /// <summary>Gets the policy's version.</summary>
    public required string PolicyVersion { get; init; }

    /// <summary>Gets the checkpoint version the policy ran, if any.</summary>
    public string? CheckpointVersion { get; init; }

    /// <summary>Gets the action the policy proposed, as JSON.</summary>
    public required string ProposedActionJson { get; init; }

    /// <summary>Gets the action after the guardrails (clamped), as JSON; null when blocked.</summary>
    public string? FinalActionJson { get; init; }

    /// <summary>Gets the probability of the proposed action under the policy, for off-policy evaluation.</summary>
    public double? Propensity { get; init; }

    /// <summary>Gets the guardrails' verdict.</summary>
    public required GuardrailVerdict Verdict { get; init; }

    /// <summary>Gets the guardrails' reasons.</summary>
    public IReadOnlyList<string> GuardrailReasons { get; init; } = [];

    /// <summary>Gets the status it starts in: <see cref="ActionStatus.Shadow"/>, <see cref="ActionStatus.PendingApproval"/> or <see cref="ActionStatus.Intended"/>.</summary>
    public required ActionStatus Status { get; init; }
}

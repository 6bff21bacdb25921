using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>One account's hour of guardrail decisions, handed to <see cref="Actuator.RunAsync"/>.</summary>
public sealed record ActuationInput
{
    /// <summary>Gets the store that owns the account.</summary>
    public required long StoreId { get; init; }

    /// <summary>Gets the ad account.</summary>
    public required AdAccountRef Account { get; init; }

    /// <summary>Gets the UTC start of the hour decided for; with the ad set it makes the idempotency key.</summary>
    public required DateTimeOffset Hour { get; init; }

    /// <summary>Gets the rollout stage.</summary>
    public required RolloutStage Stage { get; init; }

    /// <summary>Gets the guardrails' decisions.</summary>
    public required IReadOnlyList<GuardrailDecision> Decisions { get; init; }

    /// <summary>Gets the ad sets the guardrails judged, with their settings at decision time (for human snapshots).</summary>
    public required IReadOnlyList<GuardedAdSet> AdSets { get; init; }

    /// <summary>Gets the policy that proposed.</summary>
    public required PolicyProvenance Policy { get; init; }

    /// <summary>Gets the state and propensity of each proposal; an ad set without one is logged with state <c>{}</c>.</summary>
    public IReadOnlyDictionary<AdSetRef, ProposalContext> Proposals { get; init; } = new Dictionary<AdSetRef, ProposalContext>();
}

namespace AdPilot.Core.Guardrails;

/// <summary>Everything the guardrails need to judge one hour of proposals for one ad account.</summary>
public sealed record GuardrailInput
{
    /// <summary>Gets the instant the decisions are for; the caller reads it from its <see cref="TimeProvider"/>.</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Gets the store's time zone, for local-time rules (freeze windows, rotations per local day).</summary>
    public required TimeZoneInfo TimeZone { get; init; }

    /// <summary>Gets the ad account's id.</summary>
    public required string AccountId { get; init; }

    /// <summary>Gets the account's ISO 4217 currency; every amount in the input must be in it.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the rollout stage.</summary>
    public required RolloutStage Stage { get; init; }

    /// <summary>Gets a value indicating whether the kill switch is engaged.</summary>
    public bool KillSwitchEngaged { get; init; }

    /// <summary>
    /// Gets the account's ROAS per hour, oldest first, ending with the last complete hour. Hours without spend are
    /// left out by the caller: they say nothing about whether money is being lost.
    /// </summary>
    public IReadOnlyList<decimal> TrailingHourlyRoas { get; init; } = [];

    /// <summary>Gets every ad set of the account, with a proposal or without.</summary>
    public required IReadOnlyList<GuardedAdSet> AdSets { get; init; }
}

using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>
/// One ad set of the account as the guardrails see it: its settings now, its recent history and, when the policy
/// proposes something, the proposal. Every ad set of the account belongs in the input, proposal or not, because the
/// campaign, account and canary caps are checked on the totals after the change.
/// </summary>
public sealed record GuardedAdSet
{
    /// <summary>Gets the ad set.</summary>
    public required AdSetRef AdSet { get; init; }

    /// <summary>Gets the id of the campaign it belongs to.</summary>
    public required string CampaignId { get; init; }

    /// <summary>Gets its settings now.</summary>
    public required AdSetSettings Current { get; init; }

    /// <summary>Gets what the policy proposes; <see langword="null"/> when it proposes nothing (no decision is made).</summary>
    public AdSetSettings? Proposed { get; init; }

    /// <summary>Gets a value indicating whether the ad set is in the pilot's canary set.</summary>
    public bool IsCanary { get; init; }

    /// <summary>Gets when a change was last applied to it (by AdPilot or a person), if ever; starts the cool-down.</summary>
    public DateTimeOffset? LastChangeAt { get; init; }

    /// <summary>Gets the instants of its recent creative rotations (at least those of the last two days).</summary>
    public IReadOnlyList<DateTimeOffset> RecentCreativeRotations { get; init; } = [];

    /// <summary>
    /// Gets the sum of AdPilot's budget increases applied to this ad set within <see cref="GuardrailOptions.ApprovalWindow"/>
    /// (people's changes and kill-switch restores not counted): the approval rule judges a new increase together with them.
    /// </summary>
    public decimal RecentIncrease { get; init; }

    /// <summary>Gets a person's approval of a budget increase, if one was granted.</summary>
    public AdSetApproval? Approval { get; init; }
}

using AdPilot.Core.Domain;

namespace AdPilot.Core.Guardrails;

/// <summary>The guardrails' judgement of one ad set's proposal.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="Verdict">The verdict.</param>
/// <param name="Proposed">What the policy proposed.</param>
/// <param name="Change">
/// The settings to apply: the proposal, or what is left of it after clamping; for
/// <see cref="GuardrailVerdict.RequireApproval"/> the settings to apply once approved; <see langword="null"/> when blocked.
/// </param>
/// <param name="Reasons">Why the proposal was changed or stopped; empty when allowed as proposed.</param>
/// <param name="ApprovalExpiresAt">When a pending approval lapses; only for <see cref="GuardrailVerdict.RequireApproval"/>.</param>
public sealed record GuardrailDecision(
    AdSetRef AdSet,
    GuardrailVerdict Verdict,
    AdSetSettings Proposed,
    AdSetSettings? Change,
    IReadOnlyList<GuardrailReason> Reasons,
    DateTimeOffset? ApprovalExpiresAt = null)
{
    /// <summary>Gets a value indicating whether the runtime may apply <see cref="Change"/> now (outside shadow mode).</summary>
    public bool MayApply => Verdict is GuardrailVerdict.Allow or GuardrailVerdict.Clamp;

    /// <summary>Whether any reason carries <paramref name="code"/>.</summary>
    /// <param name="code">One of <see cref="GuardrailReasonCodes"/>.</param>
    /// <returns>Whether it does.</returns>
    public bool HasReason(string code) => Reasons.Any(r => string.Equals(r.Code, code, StringComparison.Ordinal));
}

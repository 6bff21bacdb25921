namespace AdPilot.Core.Guardrails;

/// <summary>
/// In pilot only canary ad sets change (guide §11: "start with 5–10% of budget managed by RL"), and together they hold at
/// most <see cref="GuardrailOptions.CanaryShare"/> of the account's active daily budget after the change. Shadow and
/// expand do not restrict to the canary set.
/// </summary>
internal static class CanaryRule
{
    public static GuardrailReason? CheckMembership(RolloutStage stage, GuardedAdSet adSet) =>
        stage == RolloutStage.Pilot && !adSet.IsCanary
            ? new GuardrailReason(GuardrailReasonCodes.Canary, $"ad set {adSet.AdSet} is not in the canary set; in pilot only canary ad sets change")
            : null;

    /// <summary>
    /// The most the canary set may spend, given what the rest of the account spends. Only canary ad sets change in pilot
    /// (the rest are blocked), so the rest is fixed and the share becomes a cap: C ≤ s (C + O) ⇔ C ≤ s / (1 − s) · O.
    /// </summary>
    public static decimal ShareCap(GuardrailOptions options, decimal othersSpend) =>
        options.CanaryShare / (1m - options.CanaryShare) * othersSpend;
}

namespace AdPilot.Core.Guardrails;

/// <summary>
/// The rollout stage the guardrails evaluate for (guide §12). Storage's <c>RolloutMode</c> maps one to one.
/// </summary>
public enum RolloutStage
{
    /// <summary>
    /// Log only: decisions are evaluated as in <see cref="Expand"/> so the log previews the full policy, and the runtime
    /// writes nothing to any platform.
    /// </summary>
    Shadow = 0,

    /// <summary>Only budgets of canary ad sets change, and the canary set holds at most its share of the account's budget.</summary>
    Pilot = 1,

    /// <summary>Every ad set; budgets, bid strategies, statuses and creative rotations.</summary>
    Expand = 2,
}

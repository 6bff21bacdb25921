using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>One ad set's logged hour: what the logging policy saw and proposed, how probable the proposal was, and what followed.</summary>
/// <param name="State">The state the logging policy saw.</param>
/// <param name="Action">The action it proposed (the guardrails and the rollout stage are part of the world it ran in).</param>
/// <param name="Propensity">The proposal's probability under the logging policy; null when none was logged.</param>
/// <param name="Outcome">The hour's outcome from the rewards; null while its reward has not been computed.</param>
/// <param name="Info">What the platform and Shopify reported of the hour, for candidates that learn from the episode.</param>
/// <param name="Skip">
/// Null when the hour may be scored; otherwise why not (e.g. <c>shadow</c>: the proposal was never applied), or
/// <see cref="WarmUp"/> for an hour before the evaluated range that only brings the candidate up to date.
/// </param>
public readonly record struct LoggedStep(
    AdEnvironmentState State, AdAction Action, double? Propensity, RewardMetrics? Outcome, AdSetHourInfo Info, string? Skip = null)
{
    /// <summary>The <see cref="Skip"/> of an hour replayed before the range: neither scored nor counted as skipped.</summary>
    public const string WarmUp = "warm_up";
}

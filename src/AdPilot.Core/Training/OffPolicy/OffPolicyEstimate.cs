namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// An estimate of a target policy's value per decision, with its normal 95% interval. When the data cannot support an
/// estimate (no decisions, or no decision the target would have taken) the value and interval are null and
/// <see cref="Reason"/> says why; with one decision the value stands but the interval does not.
/// </summary>
/// <param name="Method">The estimator.</param>
/// <param name="Decisions">The decisions it read.</param>
/// <param name="Value">The estimated value per decision, in the reward's unit; null when not estimable.</param>
/// <param name="StandardError">Its standard error; null without an interval.</param>
/// <param name="Lower">The lower end of the 95% interval.</param>
/// <param name="Upper">The upper end of the 95% interval.</param>
/// <param name="EffectiveSampleSize">(Σ w)² ÷ Σ w² over the (clipped) weights: how many on-policy decisions the weighted ones are worth; 0 when every weight is 0.</param>
/// <param name="MaxWeight">The largest (clipped) weight.</param>
/// <param name="ClippedWeights">How many weights the clip lowered (0 without a clip).</param>
/// <param name="Reason">Why the value or the interval is missing, or a caveat; null when there is none.</param>
public sealed record OffPolicyEstimate(
    OffPolicyMethod Method,
    int Decisions,
    double? Value,
    double? StandardError,
    double? Lower,
    double? Upper,
    double EffectiveSampleSize,
    double MaxWeight,
    int ClippedWeights,
    string? Reason)
{
    /// <summary>Gets the estimator's short name: <c>ips</c>, <c>snips</c> or <c>dr</c>.</summary>
    public string Name => OffPolicyEstimators.NameOf(Method);
}

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>One candidate policy's off-policy evaluation on logged decisions.</summary>
/// <param name="Decisions">The decisions used.</param>
/// <param name="Skipped">Decisions (and log entries) left out, by reason.</param>
/// <param name="Logged">The logging policy's own value per decision: the mean logged reward, with its interval.</param>
/// <param name="Estimates">The IPS, SNIPS and DR estimates, in that order.</param>
/// <param name="EffectiveSampleSize">(Σ w)² ÷ Σ w² over the (clipped) weights.</param>
/// <param name="MaxWeight">The largest (clipped) weight.</param>
/// <param name="ClippedWeights">How many weights the clip lowered.</param>
public sealed record OffPolicyReport(
    int Decisions,
    IReadOnlyDictionary<string, int> Skipped,
    LoggedValue Logged,
    IReadOnlyList<OffPolicyEstimate> Estimates,
    double EffectiveSampleSize,
    double MaxWeight,
    int ClippedWeights)
{
    /// <summary>The estimate of one estimator.</summary>
    /// <param name="method">The estimator.</param>
    /// <returns>Its estimate.</returns>
    public OffPolicyEstimate this[OffPolicyMethod method] => Estimates.First(e => e.Method == method);
}

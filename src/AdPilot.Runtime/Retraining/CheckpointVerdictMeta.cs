using AdPilot.Runtime.Evidence;

namespace AdPilot.Runtime.Retraining;

/// <summary>A promotion gate's verdict as the registry keeps it (<see cref="PromotionVerdict"/>, plus what it was judged against).</summary>
/// <param name="Promote">Whether the candidate may serve.</param>
/// <param name="Method">The estimator the verdict rests on.</param>
/// <param name="CandidateValue">The candidate's estimated value per decision.</param>
/// <param name="CurrentValue">The serving policy's estimated value per decision.</param>
/// <param name="DifferenceLower">The lower end of the 95% interval of candidate minus current.</param>
/// <param name="DifferenceUpper">The upper end of that interval.</param>
/// <param name="Decisions">The logged decisions the estimate used.</param>
/// <param name="Reason">Why, in a sentence.</param>
/// <param name="JudgedAgainst">The registered version serving when the gate judged, or null when none was.</param>
public sealed record CheckpointVerdictMeta(
    bool Promote,
    string Method,
    double? CandidateValue,
    double? CurrentValue,
    double? DifferenceLower,
    double? DifferenceUpper,
    int Decisions,
    string Reason,
    string? JudgedAgainst)
{
    /// <summary>The verdict as kept.</summary>
    /// <param name="verdict">The gate's verdict.</param>
    /// <param name="judgedAgainst">The version serving when it judged.</param>
    /// <returns>The kept verdict.</returns>
    public static CheckpointVerdictMeta From(PromotionVerdict verdict, string? judgedAgainst)
    {
        ArgumentNullException.ThrowIfNull(verdict);
        return new(
            verdict.Promote,
            verdict.Method,
            verdict.CandidateValue,
            verdict.CurrentValue,
            verdict.DifferenceLower,
            verdict.DifferenceUpper,
            verdict.Decisions,
            verdict.Reason,
            judgedAgainst);
    }
}

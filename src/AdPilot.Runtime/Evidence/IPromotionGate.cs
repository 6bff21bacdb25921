namespace AdPilot.Runtime.Evidence;

/// <summary>
/// Decides whether a retrained checkpoint may replace the serving one: by off-policy evaluation of both on the decisions
/// logged over a range, promoting the candidate only when the evidence says it is no worse.
/// </summary>
public interface IPromotionGate
{
    /// <summary>Judges a candidate against the serving checkpoint (or against the logging policy when none serves).</summary>
    /// <param name="request">The store, the two checkpoint files and the range of logged decisions to judge on.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The verdict with the figures behind it.</returns>
    Task<PromotionVerdict> JudgeAsync(PromotionRequest request, CancellationToken cancellationToken);
}

/// <summary>What a promotion gate judges.</summary>
/// <param name="StoreId">The store whose logged decisions are the evidence.</param>
/// <param name="CandidatePath">The candidate checkpoint file.</param>
/// <param name="CurrentPath">The serving checkpoint file; null when none is registered as active.</param>
/// <param name="From">The start of the logged range (inclusive, UTC hour).</param>
/// <param name="To">The end of the logged range (exclusive, UTC hour).</param>
public sealed record PromotionRequest(long StoreId, string CandidatePath, string? CurrentPath, DateTimeOffset From, DateTimeOffset To);

/// <summary>A promotion gate's verdict.</summary>
/// <param name="Promote">Whether the candidate may serve.</param>
/// <param name="Method">The estimator the verdict rests on, e.g. <c>dr</c>.</param>
/// <param name="CandidateValue">The candidate's estimated value per decision, when estimable.</param>
/// <param name="CurrentValue">The serving policy's estimated value per decision, when estimable.</param>
/// <param name="DifferenceLower">The lower end of the 95% interval of candidate minus current.</param>
/// <param name="DifferenceUpper">The upper end of the 95% interval of candidate minus current.</param>
/// <param name="Decisions">The logged decisions the estimate used.</param>
/// <param name="Reason">Why, in a sentence for the log and the checkpoints list.</param>
public sealed record PromotionVerdict(
    bool Promote,
    string Method,
    double? CandidateValue,
    double? CurrentValue,
    double? DifferenceLower,
    double? DifferenceUpper,
    int Decisions,
    string Reason);

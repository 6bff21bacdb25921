using AdPilot.Runtime.Evidence;

namespace AdPilot.Runtime.Retraining;

/// <summary>
/// The promotion gate in force until an off-policy estimator is configured: it never promotes. Promotion needs
/// off-policy evidence that the candidate is no worse than the serving checkpoint; until an estimator is configured,
/// nothing is promoted automatically, and every retrained checkpoint waits as a candidate for a person
/// (<c>adpilot checkpoints promote VERSION</c>).
/// </summary>
public sealed class HoldPromotionGate : IPromotionGate
{
    /// <summary>The verdict's <see cref="PromotionVerdict.Method"/>.</summary>
    public const string Method = "hold";

    /// <summary>The verdict's <see cref="PromotionVerdict.Reason"/>.</summary>
    public const string Reason = "promotion needs off-policy evidence; until an estimator is configured nothing is promoted";

    /// <inheritdoc />
    public Task<PromotionVerdict> JudgeAsync(PromotionRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        cancellationToken.ThrowIfCancellationRequested();
        return Task.FromResult(new PromotionVerdict(false, Method, null, null, null, null, 0, Reason));
    }
}

using AdPilot.Runtime.Evidence;

namespace AdPilot.Runtime.Tests.Retraining;

/// <summary>A promotion gate that says what the test tells it to, and remembers what it was asked.</summary>
internal sealed class ScriptedGate : IPromotionGate
{
    private readonly List<PromotionRequest> _requests = [];

    public bool Promote { get; set; }

    public IReadOnlyList<PromotionRequest> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    public Task<PromotionVerdict> JudgeAsync(PromotionRequest request, CancellationToken cancellationToken)
    {
        lock (_requests)
        {
            _requests.Add(request);
        }

        return Task.FromResult(Promote
            ? new PromotionVerdict(true, "dr", 12.5, 11.0, 0.4, 2.6, 96, "the candidate is no worse (test)")
            : new PromotionVerdict(false, "dr", 10.0, 11.0, -2.6, 0.6, 96, "the interval reaches below zero (test)"));
    }
}

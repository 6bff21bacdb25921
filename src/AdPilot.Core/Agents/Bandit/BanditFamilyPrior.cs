using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>
/// What the budget bandit carries from one store to the next, learned only from its own training episodes: the
/// family's creative lifts (mean log fresh CTR of each creative group per platform), the distribution of the delivery
/// curve's shape (how daily impressions grow with daily spend, per platform), and how much less a click earns while an
/// ad set is in its learning phase.
/// </summary>
internal sealed class BanditFamilyPrior
{
    private const int Platforms = 2;
    private const int Creatives = 4;

    /// <summary>Per platform and creative: Σ log CTR, Σ log CTR², runs.</summary>
    private readonly double[] _creative = new double[Platforms * Creatives * 3];

    /// <summary>Per platform: Σ elasticity, Σ curvature, Σ elasticity², Σ curvature², ad sets.</summary>
    private readonly double[] _curve = new double[Platforms * 5];

    /// <summary>Revenue and clicks in learning hours, then outside them.</summary>
    private readonly double[] _learning = new double[4];

    /// <summary>Gets the ad sets whose delivery curve the prior has learned.</summary>
    public double CurveAdSets => _curve[4] + _curve[9];

    /// <summary>Gets the fresh-CTR runs recorded.</summary>
    public double CreativeRuns
    {
        get
        {
            var sum = 0.0;
            for (var k = 2; k < _creative.Length; k += 3)
            {
                sum += _creative[k];
            }

            return sum;
        }
    }

    /// <summary>Records a creative's log CTR measured at the start of a run.</summary>
    public void RecordCreative(Platform platform, CreativeType creative, double logCtr)
    {
        var at = Cell(platform, creative);
        _creative[at] += logCtr;
        _creative[at + 1] += logCtr * logCtr;
        _creative[at + 2]++;
    }

    /// <summary>The creative's mean log CTR above the mean of its platform's creatives; 0 until every creative has <paramref name="minRuns"/> runs.</summary>
    public double Lift(Platform platform, CreativeType creative, int minRuns)
    {
        var mean = 0.0;
        for (var c = 0; c < Creatives; c++)
        {
            var at = Cell(platform, (CreativeType)c);
            if (_creative[at + 2] < minRuns)
            {
                return 0;
            }

            mean += _creative[at] / _creative[at + 2] / Creatives;
        }

        var cell = Cell(platform, creative);
        return (_creative[cell] / _creative[cell + 2]) - mean;
    }

    /// <summary>Records one ad set's learned delivery curve: the elasticity of daily impressions in daily spend at its first day, and the curvature.</summary>
    public void RecordCurve(Platform platform, double elasticity, double curvature)
    {
        var at = PlatformIndex(platform) * 5;
        _curve[at] += elasticity;
        _curve[at + 1] += curvature;
        _curve[at + 2] += elasticity * elasticity;
        _curve[at + 3] += curvature * curvature;
        _curve[at + 4]++;
    }

    /// <summary>The family's mean elasticity and curvature on a platform, or false with fewer than <paramref name="minAdSets"/> ad sets.</summary>
    public bool TryCurve(Platform platform, int minAdSets, out double elasticity, out double curvature)
    {
        var at = PlatformIndex(platform) * 5;
        var n = _curve[at + 4];
        elasticity = n > 0 ? _curve[at] / n : 0;
        curvature = n > 0 ? _curve[at + 1] / n : 0;
        return n >= minAdSets;
    }

    /// <summary>Records an ad set's revenue and clicks in and out of the learning phase.</summary>
    public void RecordLearning(double learningRevenue, double learningClicks, double revenue, double clicks)
    {
        _learning[0] += learningRevenue;
        _learning[1] += learningClicks;
        _learning[2] += revenue;
        _learning[3] += clicks;
    }

    /// <summary>The family's revenue per click in the learning phase relative to outside it; <paramref name="fallback"/> without evidence.</summary>
    public double LearningRatio(double fallback) =>
        _learning[1] > 1000 && _learning[3] > 1000 && _learning[2] > 0
            ? Math.Clamp(_learning[0] / _learning[1] / (_learning[2] / _learning[3]), 0.3, 1)
            : fallback;

    /// <summary>A copy that learns apart from this prior.</summary>
    public BanditFamilyPrior Clone()
    {
        var copy = new BanditFamilyPrior();
        _creative.CopyTo(copy._creative, 0);
        _curve.CopyTo(copy._curve, 0);
        _learning.CopyTo(copy._learning, 0);
        return copy;
    }

    /// <summary>Writes the prior's tensors.</summary>
    public IEnumerable<CheckpointTensor> ToTensors()
    {
        yield return CheckpointTensor.FromFloat64("prior.creative", [Platforms, Creatives, 3], _creative);
        yield return CheckpointTensor.FromFloat64("prior.curve", [Platforms, 5], _curve);
        yield return CheckpointTensor.FromFloat64("prior.learning", [4], _learning);
    }

    /// <summary>Reads the prior's tensors.</summary>
    /// <exception cref="CheckpointException">A tensor is missing, misshapen or not finite.</exception>
    public static BanditFamilyPrior FromCheckpoint(Checkpoint checkpoint)
    {
        var prior = new BanditFamilyPrior();
        checkpoint.GetTensor("prior.creative", CheckpointTensorType.Float64, [Platforms, Creatives, 3]).AsFloat64().CopyTo(prior._creative);
        checkpoint.GetTensor("prior.curve", CheckpointTensorType.Float64, [Platforms, 5]).AsFloat64().CopyTo(prior._curve);
        checkpoint.GetTensor("prior.learning", CheckpointTensorType.Float64, [4]).AsFloat64().CopyTo(prior._learning);
        if (!prior._creative.All(double.IsFinite) || !prior._curve.All(double.IsFinite) || !prior._learning.All(double.IsFinite))
        {
            throw new CheckpointException(CheckpointError.TensorMismatch, "the bandit's family prior in the checkpoint holds values that are not finite");
        }

        return prior;
    }

    private static int PlatformIndex(Platform platform) => platform == Platform.TikTok ? 1 : 0;

    private static int Cell(Platform platform, CreativeType creative) => (PlatformIndex(platform) * Creatives * 3) + ((int)creative * 3);
}

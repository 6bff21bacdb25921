using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>
/// What the budget bandit carries from one store to the next: the family's creative lifts (mean log fresh CTR of each
/// creative group per platform), a Bayesian regression from an ad set's first-day observables to the budget level its
/// own episode found best, and the typical curvature and learning-phase cost of daily profit, relative to the first
/// day's margin revenue. It is learned only from the bandit's own training episodes.
/// </summary>
internal sealed class BanditFamilyPrior
{
    /// <summary>The first-day features: 1, log margin ROAS, its square, TikTok, learning fraction, log CPM.</summary>
    internal const int TargetFeatures = 6;

    private const int Platforms = 2;
    private const int Creatives = 4;

    private readonly double[] _creative = new double[Platforms * Creatives * 3];
    private readonly double[] _curve = new double[3];

    public BanditFamilyPrior() => Target = new BayesianLinearRegression(TargetFeatures);

    /// <summary>Gets the regression from first-day features to the log budget level, relative to the starting budget.</summary>
    public BayesianLinearRegression Target { get; }

    /// <summary>Gets the ad sets whose episode taught the target regression.</summary>
    public double LabelledAdSets => Target.EffectiveCount;

    /// <summary>Gets the typical curvature of daily profit in the log level, relative to the first day's margin revenue.</summary>
    public double Curvature => _curve[2] > 0 ? _curve[0] / _curve[2] : 0;

    /// <summary>Gets the typical cost of a day in the learning phase, relative to the first day's margin revenue (negative).</summary>
    public double LearningCost => _curve[2] > 0 ? _curve[1] / _curve[2] : 0;

    /// <summary>Gets the fresh-CTR observations recorded.</summary>
    public double CreativeObservations
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

    /// <summary>The creative's mean log CTR above the mean of its platform's creatives; 0 until every creative has <paramref name="minCount"/> runs.</summary>
    public double Lift(Platform platform, CreativeType creative, int minCount)
    {
        var mean = 0.0;
        for (var c = 0; c < Creatives; c++)
        {
            var at = Cell(platform, (CreativeType)c);
            if (_creative[at + 2] < minCount)
            {
                return 0;
            }

            mean += _creative[at] / _creative[at + 2] / Creatives;
        }

        var cell = Cell(platform, creative);
        return (_creative[cell] / _creative[cell + 2]) - mean;
    }

    /// <summary>Records one ad set's learned curvature and learning cost, each relative to its first day's margin revenue.</summary>
    public void RecordCurve(double curvature, double learningCost)
    {
        _curve[0] += curvature;
        _curve[1] += learningCost;
        _curve[2]++;
    }

    /// <summary>Writes the prior's tensors.</summary>
    public IEnumerable<CheckpointTensor> ToTensors()
    {
        yield return CheckpointTensor.FromFloat64("prior.creative", [Platforms, Creatives, 3], _creative);
        yield return CheckpointTensor.FromFloat64("prior.curve", [3], _curve);
        yield return CheckpointTensor.FromFloat64("prior.target.precision", [TargetFeatures, TargetFeatures], Target.Precision);
        yield return CheckpointTensor.FromFloat64("prior.target.targets", [TargetFeatures], Target.WeightedTargets);
        yield return CheckpointTensor.FromFloat64("prior.target.stats", [2], [Target.EffectiveCount, Target.SumOfSquaredTargets]);
    }

    /// <summary>Reads the prior's tensors; throws <see cref="CheckpointException"/> when one is missing or misshapen.</summary>
    public static BanditFamilyPrior FromCheckpoint(Checkpoint checkpoint)
    {
        var prior = new BanditFamilyPrior();
        checkpoint.GetTensor("prior.creative", CheckpointTensorType.Float64, [Platforms, Creatives, 3]).AsFloat64().CopyTo(prior._creative);
        checkpoint.GetTensor("prior.curve", CheckpointTensorType.Float64, [3]).AsFloat64().CopyTo(prior._curve);
        var precision = checkpoint.GetTensor("prior.target.precision", CheckpointTensorType.Float64, [TargetFeatures, TargetFeatures]).AsFloat64();
        var targets = checkpoint.GetTensor("prior.target.targets", CheckpointTensorType.Float64, [TargetFeatures]).AsFloat64();
        var stats = checkpoint.GetTensor("prior.target.stats", CheckpointTensorType.Float64, [2]).AsFloat64();
        try
        {
            prior.Target.Restore(precision, targets, stats[0], stats[1]);
        }
        catch (ArgumentException e)
        {
            throw new CheckpointException(CheckpointError.TensorMismatch, $"the bandit's target regression in the checkpoint is invalid: {e.Message}", e);
        }

        if (!prior._creative.All(double.IsFinite) || !prior._curve.All(double.IsFinite))
        {
            throw new CheckpointException(CheckpointError.TensorMismatch, "the bandit's family prior in the checkpoint holds values that are not finite");
        }

        return prior;
    }

    private static int Cell(Platform platform, CreativeType creative) =>
        ((platform == Platform.TikTok ? 1 : 0) * Creatives * 3) + ((int)creative * 3);
}

using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class RunningNormalizerTests
{
    [Fact]
    public void UpdateAndUpdateBatch_MixedOrder_MatchTwoPassMeanAndVariance()
    {
        const int features = 3;
        var rng = new Rng(4);
        var samples = new float[500 * features];
        for (var i = 0; i < 500; i++)
        {
            samples[(i * features) + 0] = (float)(1000 + rng.NextNormal());
            samples[(i * features) + 1] = (float)(5 * rng.NextNormal());
            samples[(i * features) + 2] = (float)rng.Uniform(0, 1);
        }

        var normalizer = new RunningNormalizer(features);
        for (var i = 0; i < 100; i++)
        {
            normalizer.Update(samples.AsSpan(i * features, features));
        }

        normalizer.UpdateBatch(samples.AsSpan(100 * features, 250 * features));
        for (var i = 350; i < 400; i++)
        {
            normalizer.Update(samples.AsSpan(i * features, features));
        }

        normalizer.UpdateBatch(samples.AsSpan(400 * features));

        Assert.Equal(500, normalizer.Count);
        for (var f = 0; f < features; f++)
        {
            var column = Enumerable.Range(0, 500).Select(i => (double)samples[(i * features) + f]).ToArray();
            var mean = column.Average();
            var variance = column.Sum(x => (x - mean) * (x - mean)) / column.Length;
            Assert.Equal(mean, normalizer.Mean[f], 1e-9 * Math.Max(1, Math.Abs(mean)));
            Assert.Equal(variance, normalizer.Variance(f), 1e-9 * Math.Max(1, variance));
        }
    }

    [Fact]
    public void Normalize_AfterUpdates_GivesZeroMeanUnitScale()
    {
        var normalizer = new RunningNormalizer(2);
        normalizer.UpdateBatch([1f, 10f, 3f, 10f]);
        float[] output = new float[4];

        normalizer.Normalize([1f, 10f, 3f, 10f], output);

        // Feature 0: mean 2, variance 1. Feature 1 is constant: ε keeps it finite at 0.
        Assert.Equal([-1f, 0f, 1f, 0f], output.Select(x => MathF.Round(x, 5)).ToArray());
    }

    [Fact]
    public void Normalize_BeforeAnySample_PassesInputsThrough()
    {
        var normalizer = new RunningNormalizer(2);
        var output = new float[2];

        normalizer.Normalize([0.5f, -2f], output);

        Assert.Equal([0.5f, -2f], output);
    }

    [Fact]
    public void Restore_SavedState_NormalizesTheSame()
    {
        var original = new RunningNormalizer(2);
        original.UpdateBatch([1f, 2f, 5f, -3f, 0f, 7f]);
        var restored = new RunningNormalizer(2);

        restored.Restore(original.Count, original.Mean, original.SumOfSquares);

        var a = new float[2];
        var b = new float[2];
        original.Normalize([4f, 4f], a);
        restored.Normalize([4f, 4f], b);
        Assert.Equal(a, b);
    }
}

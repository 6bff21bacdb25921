using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Training;

public sealed class PairedBootstrapTests
{
    [Fact]
    public void MeanDifference_ConstantDifference_IntervalCollapsesOnIt()
    {
        double[] agent = [10, 20, 30, 40];
        double[] baseline = [7, 17, 27, 37];

        var interval = PairedBootstrap.MeanDifference(agent, baseline, seed: 1);

        Assert.Equal(3, interval.Mean, 12);
        Assert.Equal(3, interval.Lower, 12);
        Assert.Equal(3, interval.Upper, 12);
        Assert.True(interval.ExcludesZeroFromAbove);
    }

    [Fact]
    public void MeanDifference_PairingRemovesSharedNoise_NarrowerThanUnpairedSpread()
    {
        // Both columns share a large per-scenario component (the scenario's own profitability) that pairing cancels.
        var rng = new Rng(3);
        var scale = Enumerable.Range(0, 30).Select(_ => rng.Uniform(0, 10_000)).ToArray();
        var agent = scale.Select(s => s + 100 + rng.Uniform(-20, 20)).ToArray();
        var baseline = scale.Select(s => s + rng.Uniform(-20, 20)).ToArray();

        var interval = PairedBootstrap.MeanDifference(agent, baseline, seed: 9);

        Assert.InRange(interval.Mean, 90, 110);
        Assert.True(interval.Lower > 80 && interval.Upper < 120, $"interval [{interval.Lower}, {interval.Upper}]");
    }

    [Fact]
    public void MeanDifference_NormalDifferences_IntervalNearTheTextbookOne()
    {
        var rng = new Rng(5);
        var differences = Enumerable.Range(0, 400).Select(_ => 2 + (3 * rng.NextNormal())).ToArray();
        var zeros = new double[differences.Length];

        var interval = PairedBootstrap.MeanDifference(differences, zeros, seed: 2);

        var mean = differences.Average();
        var sd = Math.Sqrt(differences.Sum(d => (d - mean) * (d - mean)) / (differences.Length - 1));
        var halfWidth = 1.96 * sd / Math.Sqrt(differences.Length);
        Assert.Equal(mean - halfWidth, interval.Lower, 1);
        Assert.Equal(mean + halfWidth, interval.Upper, 1);
    }

    [Fact]
    public void MeanDifference_SameSeed_SameInterval()
    {
        double[] a = [1, 5, 2, 8, 3];
        double[] b = [2, 1, 2, 3, 1];

        Assert.Equal(PairedBootstrap.MeanDifference(a, b, 4), PairedBootstrap.MeanDifference(a, b, 4));
    }

    [Fact]
    public void MeanDifference_UnpairedOrEmptyOrNonFinite_Throws()
    {
        Assert.Throws<ArgumentException>(() => PairedBootstrap.MeanDifference([1, 2], [1], 1));
        Assert.Throws<ArgumentException>(() => PairedBootstrap.MeanDifference([], [], 1));
        Assert.Throws<ArgumentException>(() => PairedBootstrap.MeanDifference([double.NaN], [1], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => PairedBootstrap.MeanDifference([1], [1], 1, confidence: 1));
    }
}

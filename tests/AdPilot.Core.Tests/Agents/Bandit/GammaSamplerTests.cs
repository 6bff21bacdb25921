using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents.Bandit;

public sealed class GammaSamplerTests
{
    private const int Draws = 200_000;

    [Theory]
    [InlineData(0.05)]
    [InlineData(0.3)]
    [InlineData(0.7)]
    [InlineData(1.0)]
    [InlineData(2.5)]
    [InlineData(10.0)]
    [InlineData(150.0)]
    public void Gamma_ManyDraws_MeanAndVarianceMatchTheory(double shape)
    {
        var rng = new Rng(17);
        var (mean, variance) = Moments(Draws, () => GammaSampler.Gamma(ref rng, shape));

        // Gamma(k, 1): mean k, variance k, fourth central moment 3k² + 6k.
        var meanSe = Math.Sqrt(shape / Draws);
        var varianceSe = Math.Sqrt(((2 * shape * shape) + (6 * shape)) / Draws);
        Assert.InRange(mean, shape - (5 * meanSe), shape + (5 * meanSe));
        Assert.InRange(variance, shape - (5 * varianceSe), shape + (5 * varianceSe));
    }

    [Theory]
    [InlineData(8.0, 2.0)]
    [InlineData(12.0, 0.5)]
    public void InverseGamma_ManyDraws_MeanAndVarianceMatchTheory(double shape, double scale)
    {
        var rng = new Rng(23);
        var (mean, variance) = Moments(Draws, () => GammaSampler.InverseGamma(ref rng, shape, scale));

        var expectedMean = scale / (shape - 1);
        var expectedVariance = expectedMean * expectedMean / (shape - 2);
        Assert.Equal(expectedMean, mean, expectedMean * 0.01);
        Assert.Equal(expectedVariance, variance, expectedVariance * 0.05);
    }

    [Fact]
    public void Gamma_TinyShape_StaysPositiveAndFinite()
    {
        var rng = new Rng(5);
        for (var i = 0; i < 10_000; i++)
        {
            var g = GammaSampler.Gamma(ref rng, 1e-4);
            Assert.True(g > 0 && double.IsFinite(g));
            var s = GammaSampler.InverseGamma(ref rng, 1e-4, 1.0);
            Assert.True(s > 0 && double.IsFinite(s));
        }
    }

    [Fact]
    public void Gamma_SameSeed_SameDraws()
    {
        var a = new Rng(99);
        var b = new Rng(99);
        for (var i = 0; i < 1_000; i++)
        {
            Assert.Equal(GammaSampler.Gamma(ref a, 0.5 + (i % 7)), GammaSampler.Gamma(ref b, 0.5 + (i % 7)));
        }
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(-1.0)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Gamma_InvalidShape_Throws(double shape)
    {
        var rng = new Rng(1);
        Assert.Throws<ArgumentOutOfRangeException>(() => GammaSampler.Gamma(ref rng, shape));
    }

    private static (double Mean, double Variance) Moments(int count, Func<double> draw)
    {
        var mean = 0.0;
        var m2 = 0.0;
        for (var i = 1; i <= count; i++)
        {
            var x = draw();
            var delta = x - mean;
            mean += delta / i;
            m2 += delta * (x - mean);
        }

        return (mean, m2 / (count - 1));
    }
}

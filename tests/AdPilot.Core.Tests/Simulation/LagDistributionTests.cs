using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

public sealed class LagDistributionTests
{
    private static readonly Gen<(double Median, double Sigma, int MaxHours)> Parameters =
        Gen.Select(Gen.Double[0.1, 72], Gen.Double[0.1, 5], Gen.Int[1, 168]);

    [Fact]
    public void Probabilities_AnyParameters_SumToOneAndAreNonNegative()
    {
        Check.Sample(Parameters, p =>
        {
            var lag = new LagDistribution(p.Median, p.Sigma, p.MaxHours);

            Assert.Equal(p.MaxHours + 1, lag.Probabilities.Count);
            Assert.Equal(p.MaxHours, lag.MaxHours);
            Assert.All(lag.Probabilities, x => Assert.True(x >= 0 && double.IsFinite(x), $"P = {x:R}"));
            Assert.Equal(1.0, lag.Probabilities.Sum(), 1e-12);
        }, iter: 2_000);
    }

    [Theory]
    [InlineData(71.9, 0.05, 1)]
    [InlineData(71.9, 0.01, 24)]
    [InlineData(50.0, 1e-6, 10)]
    public void Probabilities_AllMassBeyondMaximum_FoldsIntoTheLastHour(double median, double sigma, int maxHours)
    {
        // The scenario validator accepts these (median < 72, sigma > 0, maxHours 1..168). Every hour of the table is
        // then so far below the median that its unnormalised mass underflows to 0; folding the tail back must still
        // give a distribution (the limit of renormalising is all mass on the longest lag), not 0/0.
        var lag = new LagDistribution(median, sigma, maxHours);

        Assert.All(lag.Probabilities, x => Assert.True(x >= 0 && double.IsFinite(x), $"P = {x:R}"));
        Assert.Equal(1.0, lag.Probabilities.Sum(), 1e-12);
        Assert.Equal(1.0, lag.Probabilities[maxHours], 1e-9);
    }

    [Fact]
    public void Sample_ManyDraws_FrequenciesMatchProbabilities()
    {
        Check.Sample(Gen.Select(Parameters, Gen.ULong), (p, seed) =>
        {
            var lag = new LagDistribution(p.Median, p.Sigma, p.MaxHours);
            const int n = 200_000;
            var counts = new int[lag.MaxHours + 1];
            var rng = new Rng(seed);
            for (var k = 0; k < n; k++)
            {
                var h = lag.Sample(ref rng);
                Assert.InRange(h, 0, lag.MaxHours);
                counts[h]++;
            }

            for (var h = 0; h <= lag.MaxHours; h++)
            {
                var expected = lag.Probabilities[h];
                var se = Math.Sqrt(expected * (1 - expected) / n);
                var observed = counts[h] / (double)n;
                Assert.True(
                    Math.Abs(observed - expected) <= (5 * se) + 1e-5,
                    $"hour {h}: observed {observed:R}, expected {expected:R} ± {5 * se:G3}");
            }
        }, iter: 12);
    }

    [Fact]
    public void Sample_ZeroProbabilityHours_AreNeverDrawn()
    {
        // A tight lag around 5.5 h: the mass of hours 0–2 and 9+ underflows or is negligible; the alias table must not invent it.
        var lag = new LagDistribution(5.5, 0.02, 48);
        var rng = new Rng(8);
        for (var k = 0; k < 100_000; k++)
        {
            var h = lag.Sample(ref rng);
            Assert.True(lag.Probabilities[h] > 0, $"drew hour {h} whose probability is {lag.Probabilities[h]:R}");
        }

        Assert.Equal(0.0, lag.Probabilities[0]);
        Assert.Equal(1.0, lag.Probabilities[5], 1e-4);
    }

    [Fact]
    public void Probabilities_SmallTail_MedianHourContainsConfiguredMedian()
    {
        // Lag hour h covers [h, h + 1) hours after the click, so the continuous median m falls in hour ⌊m⌋. Only
        // parameters whose tail beyond the maximum is under 2.5e-4 (3.5 sigma) and whose median is not at an hour boundary
        // qualify: renormalising moves the cumulative probability by at most the tail.
        var gen = Gen.Select(Gen.Double[0.05, 60], Gen.Double[0.02, 1])
            .SelectMany((median, fraction) =>
            {
                var sigma = fraction * Math.Min(2, Math.Log(169 / median) / 3.5);
                var shortest = (int)Math.Ceiling((median * Math.Exp(3.5 * sigma)) - 1);
                return Gen.Int[Math.Clamp(shortest, 1, 168), 168].Select(maxHours => (median, sigma, maxHours));
            })
            .Where(p => p.median < 1 || (Math.Log(p.median) - Math.Log(Math.Floor(p.median))) / p.sigma >= 0.01);
        Check.Sample(gen, (median, sigma, maxHours) =>
        {
            var lag = new LagDistribution(median, sigma, maxHours);

            var cumulative = 0.0;
            var medianHour = 0;
            while (cumulative + lag.Probabilities[medianHour] < 0.5)
            {
                cumulative += lag.Probabilities[medianHour];
                medianHour++;
            }

            Assert.Equal((int)Math.Floor(median), medianHour);
        }, iter: 2_000);
    }

    [Fact]
    public void Probabilities_DefaultFamilyLag_MostPurchasesWithinADay()
    {
        // The family's lag (median 1.5 h, sigma 1.6, 72 h window): half within the first hour and a half, a long tail.
        var lag = new LagDistribution(1.5, 1.6, 72);

        var withinOneHour = lag.Probabilities[0];
        var withinADay = lag.Probabilities.Take(24).Sum();
        Assert.InRange(withinOneHour, 0.35, 0.45);
        Assert.InRange(withinADay, 0.94, 0.98);
        Assert.True(lag.Probabilities[72] > 0);
    }

    [Theory]
    [InlineData(0.0, 1.0, 10)]
    [InlineData(1.0, 0.0, 10)]
    [InlineData(1.0, 1.0, 0)]
    [InlineData(-1.0, 1.0, 10)]
    public void Constructor_NonPositiveParameter_Throws(double median, double sigma, int maxHours)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LagDistribution(median, sigma, maxHours));
    }

    [Theory]
    [InlineData(0.0, 0.5)]
    [InlineData(1.0, 0.8413447460685429)]
    [InlineData(-1.0, 0.15865525393145705)]
    [InlineData(3.0, 0.9986501019683699)]
    [InlineData(-6.0, 9.865876450376946e-10)]
    public void NormalCdf_KnownPoints_WithinTheFitsRelativeError(double x, double expected)
    {
        // The erfc fit promises a fractional error below 1.2e-7, in the far tail too.
        var actual = LagDistribution.NormalCdf(x);
        Assert.True(Math.Abs((actual / expected) - 1) < 1.2e-7, $"Φ({x}) = {actual:R}, expected {expected:R}");
    }
}

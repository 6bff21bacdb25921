using AdPilot.Core.Features;
using CsCheck;

namespace AdPilot.Core.Tests.Features;

public sealed class ShrunkEwmaTests
{
    [Fact]
    public void Rate_NoObservations_IsThePrior()
    {
        Assert.Equal(0.013, ShrunkEwma.Rate([], 0.013, 2_000, 72));
    }

    [Fact]
    public void Rate_ZeroImpressions_IsThePrior()
    {
        Assert.Equal(0.01, ShrunkEwma.Rate([new(0, 0, 0), new(5, 0, 0)], 0.01, 2_000, 72));
    }

    [Fact]
    public void Rate_NoPriorWeightAndNoData_IsThePrior()
    {
        Assert.Equal(0.02, ShrunkEwma.Rate([new(0, 0, 0)], 0.02, 0, 72));
    }

    [Fact]
    public void Rate_DataEqualToPriorWeight_IsHalfWay()
    {
        var rate = ShrunkEwma.Rate([new(0, 60, 2_000)], 0.01, 2_000, 72);

        Assert.Equal(0.02, rate, 12); // (20 + 60) / 4000
    }

    [Fact]
    public void Rate_HourOneHalfLifeOld_WeighsHalf()
    {
        var rate = ShrunkEwma.Rate([new(72, 100, 1_000)], 0, 500, 72);

        Assert.Equal(50.0 / 1_000, rate, 12); // (0 + 50) / (500 + 500)
    }

    [Fact]
    public void Rate_MatchesTheSimulatorsRecursiveDecay()
    {
        var hours = Enumerable.Range(0, 200).Select(h => (Clicks: (h * 7) % 13, Impressions: 500 + ((h * 31) % 400))).ToArray();
        var decay = ShrunkEwma.DecayPerHour(72);
        double ewClicks = 0, ewImpressions = 0;
        foreach (var (clicks, impressions) in hours)
        {
            ewClicks = (ewClicks * decay) + clicks;
            ewImpressions = (ewImpressions * decay) + impressions;
        }

        var observations = hours.Select((h, i) => new RateObservation(hours.Length - 1 - i, h.Clicks, h.Impressions)).ToArray();

        Assert.Equal((ewClicks + 20) / (ewImpressions + 2_000), ShrunkEwma.Rate(observations, 0.01, 2_000, 72), 12);
        Assert.Equal(0.990_416, decay, 5);
    }

    [Fact]
    public void Rate_AnyHistory_LiesBetweenThePriorAndThePooledObservedRate()
    {
        var observation = Gen.Select(Gen.Double[0, 500], Gen.Int[0, 50], Gen.Int[0, 5_000])
            .Select((age, num, den) => new RateObservation(age, num, den));
        Check.Sample(Gen.Select(observation.Array[0, 40], Gen.Double[0, 0.2], Gen.Double[0, 10_000], Gen.Double[1, 400]), t =>
        {
            var (observations, prior, weight, halfLife) = t;
            var rate = ShrunkEwma.Rate(observations, prior, weight, halfLife);
            var num = observations.Sum(o => Math.Pow(2, -o.AgeHours / halfLife) * o.Numerator);
            var den = observations.Sum(o => Math.Pow(2, -o.AgeHours / halfLife) * o.Denominator);
            var observed = den > 0 ? num / den : prior;
            var withData = observations.Where(o => o.Denominator > 0).Select(o => o.Numerator / o.Denominator).Append(prior).ToArray();

            Assert.InRange(rate, Math.Min(prior, observed) - 1e-12, Math.Max(prior, observed) + 1e-12);
            if (observations.All(o => o.Denominator > 0 || o.Numerator == 0))
            {
                Assert.InRange(rate, withData.Min() - 1e-12, withData.Max() + 1e-12);
            }
        });
    }

    [Theory]
    [InlineData(-1, 0, 0)]
    [InlineData(0, -1, 0)]
    [InlineData(0, 0, double.NaN)]
    public void Rate_NegativeOrNonFiniteObservation_Throws(double age, double num, double den)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShrunkEwma.Rate([new(age, num, den)], 0.01, 100, 72));
    }

    [Fact]
    public void Rate_BadPriorOrHalfLife_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => ShrunkEwma.Rate([], -0.1, 100, 72));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShrunkEwma.Rate([], 0.1, -1, 72));
        Assert.Throws<ArgumentOutOfRangeException>(() => ShrunkEwma.Rate([], 0.1, 100, 0));
    }
}

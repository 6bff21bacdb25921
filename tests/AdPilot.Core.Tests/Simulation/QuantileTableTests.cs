using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Simulation;

public sealed class QuantileTableTests
{
    [Theory]
    [InlineData(0.5, 0.0)]
    [InlineData(0.975, 1.959963984540054)]
    [InlineData(0.025, -1.959963984540054)]
    [InlineData(0.999, 3.090232306167813)]
    [InlineData(0.001, -3.090232306167813)]
    [InlineData(0.8413447460685429, 1.0)]
    public void InverseNormalCdf_KnownQuantiles_MatchWithinAcklamsRelativeBound(double p, double expected)
    {
        // Acklam's rational approximation has a relative error below 1.15e-9.
        var actual = QuantileTable.InverseNormalCdf(p);
        Assert.InRange(Math.Abs(actual - expected), 0, 1.15e-9 * Math.Max(1e-12, Math.Abs(expected)) + 1e-15);
    }

    [Fact]
    public void InverseNormalCdf_RoundTripsThroughTheLagTablesNormalCdf()
    {
        for (var p = 0.0005; p < 1; p += 0.0137)
        {
            Assert.Equal(p, LagDistribution.NormalCdf(QuantileTable.InverseNormalCdf(p)), 6);
        }
    }

    [Fact]
    public void StandardNormal_Samples_HaveMeanZeroAndVarianceNearOne()
    {
        var rng = new Rng(11);
        const int Draws = 400_000;
        double sum = 0, sumSquares = 0;
        for (var i = 0; i < Draws; i++)
        {
            var z = QuantileTable.StandardNormal.Sample(ref rng);
            sum += z;
            sumSquares += z * z;
        }

        var mean = sum / Draws;
        var variance = (sumSquares / Draws) - (mean * mean);
        Assert.InRange(mean, -0.01, 0.01);

        // The tails beyond the 1/2048 quantiles are clipped, which trims about 1% of the variance.
        Assert.InRange(variance, 0.97, 1.01);
    }

    [Theory]
    [InlineData(0.1)]
    [InlineData(0.25)]
    [InlineData(0.5)]
    [InlineData(1.0)]
    public void LogNormalMeanOne_Samples_HaveMeanOneAndThePositiveSkewOfALogNormal(double sigma)
    {
        var table = QuantileTable.LogNormalMeanOne(sigma);
        var rng = new Rng(5);
        const int Draws = 400_000;
        var draws = new double[Draws];
        for (var i = 0; i < Draws; i++)
        {
            draws[i] = table.Sample(ref rng);
        }

        Assert.All(draws, d => Assert.True(d > 0));
        Assert.InRange(draws.Average(), 0.995, 1.005);
        Array.Sort(draws);
        var median = draws[Draws / 2];
        Assert.Equal(Math.Exp(-0.5 * sigma * sigma), median, 2);
    }

    [Fact]
    public void InverseNormalCdf_OutsideTheOpenUnitInterval_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileTable.InverseNormalCdf(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => QuantileTable.InverseNormalCdf(1));
    }
}

using AdPilot.Core.Experiments;

namespace AdPilot.Core.Tests.Experiments;

public sealed class StudentTTests
{
    // Two-sided critical values from the t table: P(|T| >= t) = p.
    [Theory]
    [InlineData(12.706, 1, 0.05)]
    [InlineData(2.447, 6, 0.05)]
    [InlineData(3.707, 6, 0.01)]
    [InlineData(2.228, 10, 0.05)]
    [InlineData(1.960, 100_000, 0.05)]
    [InlineData(2.045, 29, 0.05)]
    public void TwoSidedP_MatchesTheTable(double t, double degreesOfFreedom, double expected)
    {
        Assert.Equal(expected, StudentT.TwoSidedP(t, degreesOfFreedom), 3);
        Assert.Equal(expected, StudentT.TwoSidedP(-t, degreesOfFreedom), 3);
    }

    [Fact]
    public void TwoSidedP_IsOneAtZero_ZeroAtInfinity_AndFallsWithT()
    {
        Assert.Equal(1, StudentT.TwoSidedP(0, 5), 12);
        Assert.Equal(0, StudentT.TwoSidedP(double.PositiveInfinity, 5));
        Assert.True(double.IsNaN(StudentT.TwoSidedP(double.NaN, 5)));
        var previous = 1.0;
        for (var t = 0.25; t < 20; t += 0.25)
        {
            var p = StudentT.TwoSidedP(t, 4);
            Assert.True(p < previous, $"p({t}) = {p} is not below p({t - 0.25}) = {previous}");
            previous = p;
        }

        Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.TwoSidedP(1, 0));
    }

    [Fact]
    public void LogGamma_MatchesFactorials()
    {
        Assert.Equal(Math.Log(24), StudentT.LogGamma(5), 10);
        Assert.Equal(Math.Log(Math.Sqrt(Math.PI)), StudentT.LogGamma(0.5), 10);
        Assert.Equal(Math.Log(362_880), StudentT.LogGamma(10), 9);
    }
}

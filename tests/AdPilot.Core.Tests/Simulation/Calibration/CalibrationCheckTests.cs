using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class CalibrationCheckTests
{
    [Theory]
    [InlineData(1.0, 1.149, true)]
    [InlineData(1.0, 0.851, true)]
    [InlineData(1.0, 1.16, false)]
    [InlineData(2.0, 1.6, false)]
    public void WithinTolerance_Ratio_HoldsTheRatioWithinTheFraction(double data, double simulator, bool within)
    {
        var check = new CalibrationCheck("x", data, simulator, ComparisonKind.Ratio, 0.15, "y");

        Assert.Equal(simulator / data, check.Gap, 12);
        Assert.Equal(within, check.WithinTolerance);
    }

    [Theory]
    [InlineData(0.43, 0.68, true)]
    [InlineData(0.43, 0.18, true)]
    [InlineData(0.43, 0.70, false)]
    public void WithinTolerance_Difference_HoldsTheDifferenceWithinTheTolerance(double data, double simulator, bool within)
    {
        var check = new CalibrationCheck("x", data, simulator, ComparisonKind.Difference, 0.25 + 1e-12, "y");

        Assert.Equal(simulator - data, check.Gap, 12);
        Assert.Equal(within, check.WithinTolerance);
    }

    [Fact]
    public void WithinTolerance_NaN_IsFalse()
    {
        Assert.False(new CalibrationCheck("x", 1, double.NaN, ComparisonKind.Difference, 1, "y").WithinTolerance);
    }
}

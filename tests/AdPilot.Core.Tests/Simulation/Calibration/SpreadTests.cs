using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class SpreadTests
{
    [Fact]
    public void Of_ElevenValues_TakesTheTenthMedianAndNinetiethPercentiles()
    {
        var spread = Spread.Of([10, 0, 9, 1, 8, 2, 7, 3, 6, 4, 5]);

        Assert.Equal(new Spread(1, 5, 9), spread);
    }

    [Fact]
    public void Of_NoValues_IsNaN()
    {
        var spread = Spread.Of([]);

        Assert.True(double.IsNaN(spread.P10) && double.IsNaN(spread.Median) && double.IsNaN(spread.P90));
    }
}

using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Simulation;

public sealed class AdSetHourInfoTests
{
    [Fact]
    public void Cpm_IsSpendPerThousandImpressions()
    {
        var info = new AdSetHourInfo(100, 12.5, 2_500, 30, 1, 40, 1, 35, 0, 0, 1, 35, false, 0);

        Assert.Equal(5.0, info.Cpm, 12);
    }

    [Fact]
    public void Cpm_WithoutImpressions_IsZero()
    {
        var info = default(AdSetHourInfo) with { Spend = 3 };

        Assert.Equal(0, info.Cpm);
    }
}

using AdPilot.Core.Features;
using CsCheck;

namespace AdPilot.Core.Tests.Features;

public sealed class CompetitorActivityTests
{
    [Fact]
    public void FromCpms_SteadyPrices_IsZero()
    {
        Assert.Equal(0, CompetitorActivity.FromCpms(Enumerable.Repeat(8.5, 300).ToArray(), 168), 12);
    }

    [Fact]
    public void FromCpms_NoHistory_IsZero()
    {
        Assert.Equal(0, CompetitorActivity.FromCpms([], 168));
        Assert.Equal(0, CompetitorActivity.FromCpms([12.0], 168));
    }

    [Fact]
    public void FromCpms_FewerHoursThanTheMinimum_IsZero()
    {
        Assert.Equal(0, CompetitorActivity.FromCpms([10.0, 10, 20], 168, minimumHours: 4));
    }

    [Fact]
    public void FromCpms_LatestHourDearer_IsPositiveAndMatchesTheSimulatorsBlend()
    {
        var cpms = Enumerable.Repeat(10.0, 2_000).Append(12.0).ToArray();
        var decay = ShrunkEwma.DecayPerHour(168);
        var simulatorBaseline = 10.0;
        foreach (var cpm in cpms)
        {
            simulatorBaseline = (simulatorBaseline * decay) + (cpm * (1 - decay));
        }

        var activity = CompetitorActivity.FromCpms(cpms, 168);

        Assert.Equal((12.0 / simulatorBaseline) - 1, activity, 5);
        Assert.InRange(activity, 0.19, 0.2);
    }

    [Fact]
    public void FromCpms_ZeroBaseline_IsZero()
    {
        Assert.Equal(0, CompetitorActivity.FromCpms([0.0, 0.0], 168));
    }

    [Fact]
    public void Cpm_ZeroImpressions_IsNull()
    {
        Assert.Null(CompetitorActivity.Cpm(5, 0));
        Assert.Equal(10, CompetitorActivity.Cpm(5, 500));
    }

    [Fact]
    public void FromCpms_AnyPrices_AboveMinusOne()
    {
        Check.Sample(Gen.Double[0.01, 100].Array[1, 200], cpms => Assert.True(CompetitorActivity.FromCpms(cpms, 168) > -1));
    }
}

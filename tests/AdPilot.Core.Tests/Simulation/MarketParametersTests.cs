using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Simulation;

public sealed class MarketParametersTests
{
    private static readonly MarketParameters Market = DefaultFamily.Preset().Market with
    {
        InterestAffinity = new Dictionary<string, double>(StringComparer.Ordinal) { ["fitness"] = 1.6, ["tech"] = 0.4 },
    };

    [Fact]
    public void AffinityOf_BroadTargeting_IsOne()
    {
        Assert.Equal(1.0, Market.AffinityOf(Interests.None));
    }

    [Fact]
    public void AffinityOf_RatedInterests_IsTheirMean()
    {
        Assert.Equal(1.6, Market.AffinityOf(Interests.Fitness), 12);
        Assert.Equal(1.0, Market.AffinityOf(Interests.Fitness | Interests.Tech), 12);
    }

    [Fact]
    public void AffinityOf_UnratedInterest_CountsAsBroad()
    {
        Assert.Equal(1.0, Market.AffinityOf(Interests.Pets), 12);
        Assert.Equal((1.6 + 1.0) / 2, Market.AffinityOf(Interests.Fitness | Interests.Pets), 12);
    }
}

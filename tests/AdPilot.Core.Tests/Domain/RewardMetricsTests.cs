using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Domain;

public sealed class RewardMetricsTests
{
    [Fact]
    public void Profit_CountsCostOfGoods_BreakEvenRoasLosesMoney()
    {
        // A store with 40% margins that "breaks even" on ROAS 1 loses the cost of goods.
        var reward = new RewardMetrics(Revenue: 100, AdSpend: 100, Cogs: 60, Conversions: 2);

        Assert.Equal(1.0, reward.Roas);
        Assert.Equal(-60.0, reward.Profit);
        Assert.Equal(0.4, reward.MarginRoas, 12);
    }

    [Fact]
    public void Roas_WithoutSpend_IsZero()
    {
        var reward = new RewardMetrics(50, 0, 20, 1);

        Assert.Equal(0, reward.Roas);
        Assert.Equal(0, reward.MarginRoas);
        Assert.Equal(30, reward.Profit);
    }

    [Fact]
    public void Add_SumsEveryField()
    {
        var sum = new RewardMetrics(10, 4, 5, 1) + new RewardMetrics(20, 6, 8, 2);

        Assert.Equal(new RewardMetrics(30, 10, 13, 3), sum);
    }
}

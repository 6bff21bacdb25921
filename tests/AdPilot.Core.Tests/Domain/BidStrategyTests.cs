using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Domain;

public sealed class BidStrategyTests
{
    [Fact]
    public void IsValid_LowestCostWithoutCap_IsTrue()
    {
        Assert.True(BidStrategy.LowestCost.IsValid);
        Assert.Null(BidStrategy.LowestCost.CapPerResult);
    }

    [Fact]
    public void IsValid_LowestCostWithCap_IsFalse()
    {
        Assert.False(new BidStrategy(BidStrategyKind.LowestCost, 10m).IsValid);
    }

    [Theory]
    [InlineData(BidStrategyKind.CostCap)]
    [InlineData(BidStrategyKind.BidCap)]
    public void IsValid_CappedKindWithoutCap_IsFalse(BidStrategyKind kind)
    {
        Assert.False(new BidStrategy(kind).IsValid);
    }

    [Theory]
    [InlineData(BidStrategyKind.CostCap, 0)]
    [InlineData(BidStrategyKind.CostCap, -5)]
    [InlineData(BidStrategyKind.BidCap, 0)]
    [InlineData(BidStrategyKind.BidCap, -0.01)]
    public void IsValid_CappedKindWithNonPositiveCap_IsFalse(BidStrategyKind kind, double cap)
    {
        Assert.False(new BidStrategy(kind, (decimal)cap).IsValid);
    }

    [Fact]
    public void IsValid_PositiveCaps_AreTrue()
    {
        Assert.True(BidStrategy.CostCap(0.01m).IsValid);
        Assert.True(BidStrategy.BidCap(40m).IsValid);
    }

    [Fact]
    public void IsValid_UndefinedKind_IsFalse()
    {
        // JSON accepts enum numbers ("kind": 7), so an undefined kind can reach the validator through IsValid.
        Assert.False(new BidStrategy((BidStrategyKind)7, 10m).IsValid);
    }

    [Fact]
    public void Factories_SetKindAndCap()
    {
        Assert.Equal(new BidStrategy(BidStrategyKind.CostCap, 12.5m), BidStrategy.CostCap(12.5m));
        Assert.Equal(new BidStrategy(BidStrategyKind.BidCap, 3m), BidStrategy.BidCap(3m));
        Assert.Equal(new BidStrategy(BidStrategyKind.LowestCost), BidStrategy.LowestCost);
    }
}

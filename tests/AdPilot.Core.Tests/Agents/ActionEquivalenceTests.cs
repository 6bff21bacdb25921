using AdPilot.Core.Agents;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Tests.Agents;

public sealed class ActionEquivalenceTests
{
    private static readonly AdAction Hold = new(0, BidStrategy.LowestCost, CreativeType.Ugc, AgeGroup.Age25To34, Interests.None);

    [Fact]
    public void Equivalent_ComparesBudgetWithinTheLoggedCentBidStrategyAndStatus_NotCreative()
    {
        // On a budget of 200, a cent is 0.00005 of it: the tolerance is the 0.001 floor. On a budget of 4 it is 0.0025.
        Assert.True(ActionEquivalence.Equivalent(Hold with { BudgetAdjustment = 0.1 }, Hold with { BudgetAdjustment = 0.1009 }, 200));
        Assert.False(ActionEquivalence.Equivalent(Hold with { BudgetAdjustment = 0.1 }, Hold with { BudgetAdjustment = 0.102 }, 200));
        Assert.True(ActionEquivalence.Equivalent(Hold with { BudgetAdjustment = 0.1 }, Hold with { BudgetAdjustment = 0.102 }, 4));
        Assert.Equal(0.0025, ActionEquivalence.Tolerance(4), 1e-15);
        Assert.True(ActionEquivalence.Equivalent(Hold, Hold with { CreativeType = CreativeType.Discount }, 100));
        Assert.False(ActionEquivalence.Equivalent(Hold, Hold with { Status = AdSetStatus.Paused }, 100));
        Assert.False(ActionEquivalence.Equivalent(Hold, Hold with { BidStrategy = BidStrategy.CostCap(10m) }, 100));
    }

    [Fact]
    public void Add_MergesEquivalentActions_AndProbabilityOfSumsThem()
    {
        var distribution = new List<WeightedAction>();

        ActionEquivalence.Add(distribution, Hold, 0.2, 100);
        ActionEquivalence.Add(distribution, Hold with { BudgetAdjustment = 0.0004 }, 0.3, 100);
        ActionEquivalence.Add(distribution, Hold with { BudgetAdjustment = 0.25 }, 0.5, 100);

        Assert.Equal(2, distribution.Count);
        Assert.Equal(0.5, ActionEquivalence.ProbabilityOf(distribution, Hold, 100), 1e-12);
        Assert.Equal(0.5, ActionEquivalence.ProbabilityOf(distribution, Hold with { BudgetAdjustment = 0.2502 }, 100), 1e-12);
        Assert.Equal(0, ActionEquivalence.ProbabilityOf(distribution, Hold with { BudgetAdjustment = -0.25 }, 100));
    }
}

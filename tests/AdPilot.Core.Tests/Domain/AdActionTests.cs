using AdPilot.Core.Domain;
using AdPilot.Core.Tests.TestData;

namespace AdPilot.Core.Tests.Domain;

public sealed class AdActionTests
{
    [Theory]
    [InlineData(AdSetStatus.Active)]
    [InlineData(AdSetStatus.Paused)]
    public void Keep_AnyState_ChangesNothing(AdSetStatus status)
    {
        var state = PolicyFixtures.State(budget: 80, status: status) with
        {
            BidStrategy = BidStrategy.BidCap(12m),
            CreativeType = CreativeType.Discount,
            TargetAgeGroup = AgeGroup.Age45To54,
            TargetInterests = Interests.Home | Interests.Pets,
        };

        var action = AdAction.Keep(state);

        Assert.Equal(0, action.BudgetAdjustment);
        Assert.Equal(state.BidStrategy, action.BidStrategy);
        Assert.Equal(state.CreativeType, action.CreativeType);
        Assert.Equal(state.TargetAgeGroup, action.TargetAgeGroup);
        Assert.Equal(state.TargetInterests, action.TargetInterests);
        Assert.Equal(status, action.Status);
    }

    [Fact]
    public void AdjustBudget_State_ChangesOnlyTheBudget()
    {
        var state = PolicyFixtures.State(budget: 80, status: AdSetStatus.Paused);

        var action = AdAction.AdjustBudget(state, -0.2);

        Assert.Equal(AdAction.Keep(state) with { BudgetAdjustment = -0.2 }, action);
    }
}

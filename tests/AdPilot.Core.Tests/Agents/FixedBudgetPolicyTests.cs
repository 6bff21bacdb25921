using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Tests.TestData;

namespace AdPilot.Core.Tests.Agents;

public sealed class FixedBudgetPolicyTests
{
    [Fact]
    public void Decide_AnyStates_KeepsEveryAdSetWithPropensityOne()
    {
        var policy = new FixedBudgetPolicy();
        policy.Reset(PolicyFixtures.Context(50, 80, 120));
        AdEnvironmentState[] states =
        [
            PolicyFixtures.State(50),
            PolicyFixtures.State(80, AdSetStatus.Paused) with { CreativeType = CreativeType.Product },
            PolicyFixtures.State(120) with { BidStrategy = BidStrategy.LowestCost, TargetInterests = Interests.None },
        ];
        var stale = new AdAction(0.5, BidStrategy.BidCap(1m), CreativeType.Discount, AgeGroup.Age55Plus, Interests.Gaming);
        var actions = new[] { stale, stale, stale };
        var propensities = new[] { double.NaN, 0.0, 7.0 };

        policy.Decide(new DecisionContext(5, DateTimeOffset.UnixEpoch, states), actions, propensities);

        Assert.Equal(states.Select(s => AdAction.Keep(s)), actions);
        Assert.All(propensities, p => Assert.Equal(1.0, p));
    }

    [Fact]
    public void Decide_AfterDaysOfReports_StillKeepsEverything()
    {
        var driver = new PolicyDriver(new FixedBudgetPolicy(), PolicyFixtures.Context(100, 40));

        var hours = driver.Run(72, PolicyFixtures.AtRoas(10), PolicyFixtures.AtRoas(0.1));

        Assert.All(hours.SelectMany(a => a), a => Assert.Equal(0, a.BudgetAdjustment));
        Assert.Equal([100.0, 40.0], driver.States.Select(s => s.CurrentBudget));
        Assert.All(driver.States, s => Assert.Equal(AdSetStatus.Active, s.Status));
    }

    [Fact]
    public void Name_IsFixed()
    {
        Assert.Equal("fixed", new FixedBudgetPolicy().Name);
    }
}

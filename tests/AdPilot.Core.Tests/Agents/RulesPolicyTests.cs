using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Tests.TestData;

namespace AdPilot.Core.Tests.Agents;

public sealed class RulesPolicyTests
{
    private static readonly RulesPolicyOptions Defaults = new();

    [Fact]
    public void Decide_BeforeWindowIsFull_DoesNothing()
    {
        var driver = Driver();

        var hours = driver.Run(Defaults.WindowHours, PolicyFixtures.AtRoas(8));

        Assert.All(hours, a => Assert.Equal(AdAction.Keep(PolicyFixtures.State()), a[0]));
        Assert.Equal(Defaults.Step, driver.Decide().Actions[0].BudgetAdjustment);
    }

    [Fact]
    public void Decide_TrailingRoasAboveThree_RaisesByStep()
    {
        var driver = Driver();
        driver.Run(24, PolicyFixtures.AtRoas(3.2));

        var (actions, propensities) = driver.Decide();

        Assert.Equal(AdAction.AdjustBudget(driver.States[0], 0.2), actions[0]);
        Assert.Equal(1.0, propensities[0]);
    }

    [Fact]
    public void Decide_TrailingRoasBelowOnePointFive_CutsByStep()
    {
        var driver = Driver();
        driver.Run(24, PolicyFixtures.AtRoas(1.2));

        var action = driver.Decide().Actions[0];

        Assert.Equal(AdAction.AdjustBudget(driver.States[0], -0.2), action);
    }

    [Theory]
    [InlineData(1.5)]
    [InlineData(2.2)]
    [InlineData(3.0)]
    public void Decide_RoasBetweenThresholds_Keeps(double roas)
    {
        var driver = Driver();

        var hours = driver.Run(72, PolicyFixtures.AtRoas(roas));

        Assert.All(hours, a => Assert.Equal(0, a[0].BudgetAdjustment));
    }

    [Fact]
    public void Decide_CustomOptions_UseTheirThresholdsAndStep()
    {
        var options = new RulesPolicyOptions { IncreaseAboveRoas = 5, DecreaseBelowRoas = 4, Step = 0.1, WindowHours = 6 };
        var driver = Driver(options);
        driver.Run(6, PolicyFixtures.AtRoas(4.5));

        Assert.Equal(0, driver.Decide().Actions[0].BudgetAdjustment);

        var cut = Driver(options);
        cut.Run(6, PolicyFixtures.AtRoas(3.9));
        Assert.Equal(-0.1, cut.Decide().Actions[0].BudgetAdjustment);
    }

    [Fact]
    public void Decide_WindowIsTrailingAndSpendWeighted_RaisesOnceRecentHoursLiftIt()
    {
        // A day at ROAS 2, then ROAS 5: after k good hours the 24-hour ROAS is (2(24 − k) + 5k) / 24, above 3 from k = 9.
        var driver = Driver();
        driver.Run(24, PolicyFixtures.AtRoas(2));

        var hours = driver.Run(12, PolicyFixtures.AtRoas(5));

        var firstRaise = hours.FindIndex(a => a[0].BudgetAdjustment != 0);
        Assert.Equal(9, firstRaise);
        Assert.Equal(0.2, hours[firstRaise][0].BudgetAdjustment);
    }

    [Fact]
    public void Decide_HighRoasFromLowSpendHours_IsWeightedBySpend()
    {
        // 23 hours of ROAS 1 on 10 spend and one hour of ROAS 40 on 1 spend: 270 / 231 = 1.17, a cut, not a raise.
        var driver = Driver();
        driver.Run(23, PolicyFixtures.AtRoas(1, spend: 10));
        driver.Step(PolicyFixtures.AtRoas(40, spend: 1));

        Assert.Equal(-0.2, driver.Decide().Actions[0].BudgetAdjustment);
    }

    [Theory]
    [InlineData(24)]
    [InlineData(6)]
    public void Decide_SustainedHighRoas_ChangesAtMostOncePerMinHours(int minHours)
    {
        var driver = Driver(new RulesPolicyOptions { MinHoursBetweenChanges = minHours });

        var hours = driver.Run(24 * 4, PolicyFixtures.AtRoas(5));

        var changes = Enumerable.Range(0, hours.Count).Where(t => hours[t][0].BudgetAdjustment != 0).ToList();
        var expected = Enumerable.Range(0, hours.Count).Where(t => t >= 24 && (t - 24) % minHours == 0).ToList();
        Assert.Equal(expected, changes);
        Assert.Equal(100 * Math.Pow(1.2, expected.Count), driver.States[0].CurrentBudget, 9);
    }

    [Fact]
    public void Decide_RoasUnderHalfForPauseAfterHours_Pauses()
    {
        var driver = Driver();

        var hours = driver.Run(Defaults.PauseAfterHours, PolicyFixtures.AtRoas(0.3));

        Assert.All(hours, a => Assert.Equal(AdSetStatus.Active, a[0].Status));
        Assert.Equal(-0.2, hours[24][0].BudgetAdjustment);
        var pause = driver.Decide().Actions[0];
        Assert.Equal(AdSetStatus.Paused, pause.Status);
        Assert.Equal(0, pause.BudgetAdjustment);
    }

    [Fact]
    public void Decide_RoasJustAboveHalf_NeverPauses()
    {
        var driver = Driver();

        var hours = driver.Run(24 * 6, PolicyFixtures.AtRoas(0.55));

        Assert.All(hours, a => Assert.Equal(AdSetStatus.Active, a[0].Status));
        Assert.Equal(5, hours.Count(a => a[0].BudgetAdjustment < 0));
    }

    [Fact]
    public void Decide_PausedAdSet_IsNeverTouched()
    {
        var driver = Driver();
        driver.SetState(0, PolicyFixtures.State(status: AdSetStatus.Paused));

        var hours = driver.Run(24 * 5, PolicyFixtures.AtRoas(9));

        Assert.All(hours, a => Assert.Equal(AdAction.Keep(PolicyFixtures.State(status: AdSetStatus.Paused)), a[0]));
    }

    [Fact]
    public void Decide_AfterPausing_LeavesTheAdSetPaused()
    {
        var driver = Driver();
        driver.Run(Defaults.PauseAfterHours + 1, PolicyFixtures.AtRoas(0.3));

        var after = driver.Run(48, PolicyFixtures.Info(0, 0));

        Assert.Equal(AdSetStatus.Paused, driver.States[0].Status);
        Assert.All(after, a => Assert.Equal(AdAction.Keep(driver.States[0]), a[0]));
    }

    [Fact]
    public void Decide_NoSpend_DoesNothing()
    {
        var driver = Driver();

        var hours = driver.Run(72, PolicyFixtures.Info(0, 0));

        Assert.All(hours, a => Assert.Equal(AdAction.Keep(PolicyFixtures.State()), a[0]));
    }

    [Fact]
    public void Decide_TwoAdSets_AreJudgedIndependently()
    {
        var driver = new PolicyDriver(new RulesPolicy(), PolicyFixtures.Context(100, 100, 100));
        driver.Run(24, PolicyFixtures.AtRoas(4), PolicyFixtures.AtRoas(1), PolicyFixtures.AtRoas(2));

        var actions = driver.Decide().Actions;

        Assert.Equal([0.2, -0.2, 0.0], actions.Select(a => a.BudgetAdjustment));
    }

    [Fact]
    public void Observe_PlatformSource_JudgesByPlatformRevenue()
    {
        // The platform claims ROAS 4; Shopify's attributed revenue says 1.2.
        var driver = Driver(new RulesPolicyOptions { RoasSource = RoasSource.Platform });
        driver.Run(24, PolicyFixtures.Info(spend: 10, shopifyRevenue: 12, unattributedRevenue: 0, platformRevenue: 40));

        Assert.Equal(0.2, driver.Decide().Actions[0].BudgetAdjustment);
    }

    [Fact]
    public void Observe_ShopifySource_JudgesByUtmAttributedShopifyRevenue()
    {
        // Shopify saw 40 from the ad set's clicks, but 28 of it came without UTMs: attributed ROAS 1.2, a cut.
        var driver = Driver(new RulesPolicyOptions { RoasSource = RoasSource.Shopify });
        driver.Run(24, PolicyFixtures.Info(spend: 10, shopifyRevenue: 40, unattributedRevenue: 28, platformRevenue: 40));

        Assert.Equal(-0.2, driver.Decide().Actions[0].BudgetAdjustment);
    }

    [Fact]
    public void Options_Default_JudgeByShopify()
    {
        Assert.Equal(RoasSource.Shopify, Defaults.RoasSource);
    }

    [Fact]
    public void Name_IsRules()
    {
        Assert.Equal("rules", new RulesPolicy().Name);
    }

    private static PolicyDriver Driver(RulesPolicyOptions? options = null) =>
        new(new RulesPolicy(options), PolicyFixtures.Context(100));
}

using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.TestData;
using CsCheck;

namespace AdPilot.Core.Tests.Agents;

public sealed class ProportionalPolicyTests
{
    private static readonly double MaxChange = ActionLimits.Default.MaxHourlyBudgetChange;

    [Fact]
    public void Decide_BeforeFirstReallocation_KeepsStartingBudgets()
    {
        var driver = new PolicyDriver(new ProportionalPolicy(), PolicyFixtures.Context(100, 50, 30));

        var hours = driver.Run(24, PolicyFixtures.AtRoas(6), PolicyFixtures.AtRoas(0.5), PolicyFixtures.AtRoas(2));

        Assert.All(hours.SelectMany(a => a), a => Assert.Equal(0, a.BudgetAdjustment));
    }

    [Fact]
    public void Decide_AtReallocation_BetterRoasGetsTheLargerShare()
    {
        // Weights are ROAS + 0.5: 3.5 and 1.5 share 200 as 140 and 60, reached at most 25% an hour.
        var driver = new PolicyDriver(new ProportionalPolicy(), PolicyFixtures.Context(100, 100));
        driver.Run(24, PolicyFixtures.AtRoas(3), PolicyFixtures.AtRoas(1));

        var day = driver.Run(24, PolicyFixtures.AtRoas(3), PolicyFixtures.AtRoas(1));

        Assert.Equal([MaxChange, -MaxChange], day[0].Select(a => a.BudgetAdjustment));
        Assert.Equal(140, driver.States[0].CurrentBudget, 140 * 0.005);
        Assert.Equal(60, driver.States[1].CurrentBudget, 60 * 0.005);
    }

    [Fact]
    public void Decide_AtReallocation_TargetsShareTheStartingTotalByRoasPlusFloor()
    {
        var gen = Gen.Int[2, 6].SelectMany(n => Gen.Select(
            Gen.Double[20, 500].Array[n],
            Gen.Double[0, 6].Array[n]));
        gen.Sample(
            (budgets, roas) =>
            {
                var policy = new ProportionalPolicy();
                var driver = new PolicyDriver(policy, PolicyFixtures.ContextWithBounds(0.01, 1e6, budgets));
                var reports = roas.Select(r => PolicyFixtures.AtRoas(r)).ToArray();
                driver.Run(24, reports);

                var reallocation = driver.Run(24, reports);

                var targets = Enumerable.Range(0, budgets.Length).Select(i => ProbeTarget(driver, i)).ToArray();
                var total = budgets.Sum();
                var weightSum = roas.Sum(r => r + 0.5);
                Assert.Equal(total, targets.Sum(), total * 1e-9);
                for (var i = 0; i < budgets.Length; i++)
                {
                    Assert.Equal(total * (roas[i] + 0.5) / weightSum, targets[i], total * 1e-9);
                }

                Assert.All(reallocation.SelectMany(a => a), a => Assert.InRange(a.BudgetAdjustment, -MaxChange, MaxChange));
            },
            iter: 100,
            print: t => $"budgets [{string.Join(", ", t.Item1)}], roas [{string.Join(", ", t.Item2)}]");
    }

    [Fact]
    public void Decide_ShareAboveMax_IsCappedAndTheRestReshared()
    {
        // Weights 9.5, 1.5, 1.5 would give the first 228 of 300; its max is 120, so the other two split 180.
        var context = Context((100, 20, 120), (100, 20, 1000), (100, 20, 1000));
        var driver = new PolicyDriver(new ProportionalPolicy(), context);
        var reports = new[] { PolicyFixtures.AtRoas(9), PolicyFixtures.AtRoas(1), PolicyFixtures.AtRoas(1) };
        driver.Run(25, reports);

        var targets = Enumerable.Range(0, 3).Select(i => ProbeTarget(driver, i)).ToArray();

        Assert.Equal(120, targets[0], 1e-9);
        Assert.Equal(90, targets[1], 1e-9);
        Assert.Equal(90, targets[2], 1e-9);
    }

    [Fact]
    public void Decide_ShareBelowMin_IsRaisedToMinAndTheRestReshared()
    {
        // Weights 9.5, 9.5, 0.5 would give the last 7.69 of 300; its min is 20, so the other two split 280.
        var context = Context((100, 20, 1000), (100, 20, 1000), (100, 20, 1000));
        var driver = new PolicyDriver(new ProportionalPolicy(), context);
        var reports = new[] { PolicyFixtures.AtRoas(9), PolicyFixtures.AtRoas(9), PolicyFixtures.AtRoas(0) };
        driver.Run(25, reports);

        var targets = Enumerable.Range(0, 3).Select(i => ProbeTarget(driver, i)).ToArray();

        Assert.Equal([140.0, 140.0, 20.0], targets.Select(t => Math.Round(t, 9)));
    }

    [Theory]
    [InlineData(RoasSource.Platform, 1)]
    [InlineData(RoasSource.Shopify, -1)]
    public void Observe_RoasSource_DecidesWhichRevenueCounts(RoasSource source, int expectedSignOfFirst)
    {
        // The platform over-reports the first ad set; Shopify's attributed revenue favours the second.
        var policy = new ProportionalPolicy(new ProportionalPolicyOptions { RoasSource = source });
        var driver = new PolicyDriver(policy, PolicyFixtures.Context(100, 100));
        var first = PolicyFixtures.Info(spend: 10, shopifyRevenue: 30, unattributedRevenue: 20, platformRevenue: 50);
        var second = PolicyFixtures.Info(spend: 10, shopifyRevenue: 30, unattributedRevenue: 0, platformRevenue: 20);
        driver.Run(24, first, second);

        var actions = driver.Decide().Actions;

        Assert.Equal(expectedSignOfFirst, Math.Sign(actions[0].BudgetAdjustment));
        Assert.Equal(-expectedSignOfFirst, Math.Sign(actions[1].BudgetAdjustment));
    }

    [Fact]
    public void Decide_AllPropensities_AreOne()
    {
        var driver = new PolicyDriver(new ProportionalPolicy(), PolicyFixtures.Context(100, 100));
        driver.Run(24, PolicyFixtures.AtRoas(3), PolicyFixtures.AtRoas(1));

        Assert.All(driver.Decide().Propensities, p => Assert.Equal(1.0, p));
    }

    [Fact]
    public void Decide_BeforeReset_ThrowsInvalidOperation()
    {
        var policy = new ProportionalPolicy();
        var states = new[] { PolicyFixtures.State() };

        Assert.Throws<InvalidOperationException>(
            () => policy.Decide(new DecisionContext(0, DateTimeOffset.UnixEpoch, states), new AdAction[1], new double[1]));
    }

    [Fact]
    public void Name_IsProportional()
    {
        Assert.Equal("proportional", new ProportionalPolicy().Name);
    }

    /// <summary>
    /// Reads an ad set's current target through the public surface: decisions between reallocations only compare
    /// the target with the state's budget, so offering a budget a little off the target reveals it exactly.
    /// </summary>
    private static double ProbeTarget(PolicyDriver driver, int adSet)
    {
        var original = driver.States[adSet];
        var probeHour = driver.HourIndex % 24 == 0 ? driver.HourIndex + 1 : driver.HourIndex;
        var budget = original.CurrentBudget;
        try
        {
            for (var attempt = 0; attempt < 200; attempt++)
            {
                driver.SetState(adSet, original with { CurrentBudget = budget });
                var adjustment = driver.Decide(probeHour).Actions[adSet].BudgetAdjustment;
                if (adjustment == 0)
                {
                    budget /= 1.1;
                }
                else if (Math.Abs(adjustment) >= MaxChange)
                {
                    budget *= 1 + adjustment;
                }
                else
                {
                    return budget * (1 + adjustment);
                }
            }

            throw new InvalidOperationException($"no target found for ad set {adSet}");
        }
        finally
        {
            driver.SetState(adSet, original);
        }
    }

    private static PolicyContext Context(params (double Start, double Min, double Max)[] adSets) => new(
        adSets
            .Select((a, i) => new AdSetDescriptor(new AdSetRef(Platform.TikTok, $"ag-{i}"), $"ad group {i}", a.Min, a.Max, a.Start))
            .ToArray(),
        "USD",
        ActionLimits.Default,
        Seed: 1);
}

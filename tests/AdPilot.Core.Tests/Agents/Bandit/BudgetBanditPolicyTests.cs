using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Agents.Bandit;

public sealed class BudgetBanditPolicyTests
{
    private static readonly Scenario[] HeldOut = Enumerable.Range(1001, 8).Select(s => DefaultFamily.Sample((ulong)s, 8)).ToArray();

    [Fact]
    public void Run_HeldOutScenarios_BeatsFixedBudgets()
    {
        var report = PolicyEvaluation.Run(
            HeldOut, days: 30, world => new BudgetBanditPolicy { Training = false }, "bandit", seed: 1, cancellationToken: TestContext.Current.CancellationToken);

        var bandit = report.Policies.Single(p => p.Name == "bandit");
        var fixedBudgets = report.Policies.Single(p => p.Name == "fixed");
        Assert.True(bandit.Total.Profit > fixedBudgets.Total.Profit, $"bandit {bandit.Total.Profit:F0} against fixed {fixedBudgets.Total.Profit:F0}");
        Assert.Equal(0, bandit.LimitInterventions);
    }

    [Fact]
    public void Run_SameSeed_SameEpisode()
    {
        var first = Run(HeldOut[0], seed: 5);
        var second = Run(HeldOut[0], seed: 5);
        var other = Run(HeldOut[0], seed: 6);

        Assert.Equal(first.Total, second.Total);
        Assert.NotEqual(first.Total, other.Total);
    }

    [Fact]
    public void Decide_OncePerLocalDay_BetweenDecisionsOnlyFinishesTheDaysMove()
    {
        var world = new SimulatedEnvironment(HeldOut[1]);
        var policy = new BudgetBanditPolicy { Training = false };
        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 3));
        var n = world.AdSets.Count;
        var states = new AdEnvironmentState[n];
        var actions = new AdAction[n];
        var propensities = new double[n];
        for (var t = 0; t < 24 * 6; t++)
        {
            result.States.CopyTo(states);
            policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            for (var i = 0; i < n; i++)
            {
                Assert.InRange(propensities[i], double.Epsilon, 1);
                Assert.InRange(Math.Abs(actions[i].BudgetAdjustment), 0, world.Limits.MaxHourlyBudgetChange);
                if (states[i].HourOfDay != 0)
                {
                    Assert.Equal(AdAction.Keep(states[i]) with { BudgetAdjustment = actions[i].BudgetAdjustment }, actions[i]);
                    Assert.Equal(1, propensities[i]);
                }
            }

            result = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
        }
    }

    [Fact]
    public void Run_AdSetThatCannotProfit_IsPausedWithinAFewDays()
    {
        // One ad set whose first dollar returns a tenth of its cost: no budget makes a profit.
        var family = DefaultFamily.Sample(1003, 1);
        var hopeless = family with { AdSets = [family.AdSets[0] with { Cvr = family.AdSets[0].Cvr / 30, BidStrategy = BidStrategy.LowestCost }] };

        Assert.True(PausedAfter(new SimulatedEnvironment(hopeless), days: 10), "the bandit should pause an ad set that loses money at every budget");
    }

    [Fact]
    public void Run_BidCapHoldsSpendBelowBudget_NeverRaisesTheBudget()
    {
        // A bid cap far below the cost per purchase: the ad set cannot spend its budget, so a higher budget buys nothing.
        var family = DefaultFamily.Sample(1002, 1);
        var adSet = family.AdSets[0];
        var capped = family with { AdSets = [adSet with { BidStrategy = BidStrategy.BidCap(0.5m) }] };
        var world = new SimulatedEnvironment(capped);
        var policy = new BudgetBanditPolicy { Training = false };

        EpisodeRunner.Run(world, policy, 24 * 10, 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(world.TruthOf(0).DailyBudget <= world.AdSets[0].StartingDailyBudget * 1.001, $"budget {world.TruthOf(0).DailyBudget:F2}");
    }

    [Fact]
    public void Decide_CapThrottlesTwoFullDays_SwitchesToLowestCostWithTheBudgetHeld()
    {
        var world = new SimulatedEnvironment(Throttled());
        var policy = new BudgetBanditPolicy(new BudgetBanditOptions { SwitchThrottledCaps = true }) { Training = false };

        var switches = BidSwitches(world, policy, days: 6, out var final);

        var (hour, state, action, propensity) = Assert.Single(switches);
        Assert.Equal(0, state.HourOfDay);
        Assert.InRange(hour, 2 * 24, 3 * 24);
        Assert.Equal(AdAction.Keep(state) with { BidStrategy = BidStrategy.LowestCost }, action);
        Assert.Equal(1, propensity);
        Assert.Equal(BidStrategy.LowestCost, final);
    }

    [Fact]
    public void Decide_CapThrottlesByDefault_KeepsTheCap()
    {
        var world = new SimulatedEnvironment(Throttled());

        var switches = BidSwitches(world, new BudgetBanditPolicy { Training = false }, days: 6, out var final);

        Assert.Empty(switches);
        Assert.Equal(BidStrategyKind.BidCap, final.Kind);
    }

    /// <summary>One ad set under a bid cap far below its cost per purchase, so it spends a small share of its budget.</summary>
    private static Scenario Throttled()
    {
        var family = DefaultFamily.Sample(1002, 1);
        return family with { AdSets = [family.AdSets[0] with { BidStrategy = BidStrategy.BidCap(0.5m) }] };
    }

    private static List<(int Hour, AdEnvironmentState State, AdAction Action, double Propensity)> BidSwitches(
        SimulatedEnvironment world, BudgetBanditPolicy policy, int days, out BidStrategy final)
    {
        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 1));
        var states = new AdEnvironmentState[1];
        var actions = new AdAction[1];
        var propensities = new double[1];
        var switches = new List<(int, AdEnvironmentState, AdAction, double)>();
        for (var t = 0; t < days * 24; t++)
        {
            result.States.CopyTo(states);
            policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            if (actions[0].BidStrategy != states[0].BidStrategy)
            {
                switches.Add((t, states[0], actions[0], propensities[0]));
            }

            result = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
        }

        final = result.States[0].BidStrategy;
        return switches;
    }

    private static bool PausedAfter(SimulatedEnvironment world, int days)
    {
        var policy = new BudgetBanditPolicy { Training = false };
        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, 1));
        var states = new AdEnvironmentState[1];
        var actions = new AdAction[1];
        var propensities = new double[1];
        for (var t = 0; t < days * 24; t++)
        {
            result.States.CopyTo(states);
            policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            result = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
        }

        return result.States[0].Status == AdSetStatus.Paused;
    }

    private static EpisodeResult Run(Scenario scenario, ulong seed) =>
        EpisodeRunner.Run(
            new SimulatedEnvironment(scenario), new BudgetBanditPolicy { Training = false }, 24 * 14, seed, cancellationToken: TestContext.Current.CancellationToken);
}

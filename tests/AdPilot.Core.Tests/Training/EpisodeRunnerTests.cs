using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Training;

public sealed class EpisodeRunnerTests
{
    private static readonly Scenario Scenario = DefaultFamily.Sample(17, 4);

    // Short windows so the rules act several times within a short episode.
    private static readonly RulesPolicyOptions ActiveRules = new() { WindowHours = 6, MinHoursBetweenChanges = 6, PauseAfterHours = 12 };

    [Fact]
    public void Run_Totals_EqualTheSumOfHourlyRewardsOfTheSameEpisodeSteppedByHand()
    {
        const int Hours = 75;
        var result = EpisodeRunner.Run(
            new SimulatedEnvironment(Scenario), new RulesPolicy(ActiveRules), Hours, policySeed: 9, cancellationToken: Ct);

        var (total, interventions, hourlyProfit, changes) = StepByHand(
            new SimulatedEnvironment(Scenario), new RulesPolicy(ActiveRules), Hours, 9);

        Assert.True(changes > 0, "the policy never changed a budget, so the episode does not exercise decisions");
        Assert.Equal("rules", result.Policy);
        Assert.Equal(Hours, result.Hours);
        AssertClose(total.Revenue, result.Total.Revenue);
        AssertClose(total.AdSpend, result.Total.AdSpend);
        AssertClose(total.Cogs, result.Total.Cogs);
        AssertClose(total.Conversions, result.Total.Conversions);
        Assert.Equal(interventions, result.LimitInterventions);
        var days = hourlyProfit.Chunk(24).Select(day => day.Sum()).ToList();
        Assert.Equal(days.Count, result.DailyProfit.Count);
        for (var d = 0; d < days.Count; d++)
        {
            AssertClose(days[d], result.DailyProfit[d]);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(23, 1)]
    [InlineData(24, 1)]
    [InlineData(25, 2)]
    [InlineData(48, 2)]
    [InlineData(50, 3)]
    public void Run_DailyProfit_HasOneEntryPerStartedDaySummingToTotalProfit(int hours, int days)
    {
        var result = EpisodeRunner.Run(new SimulatedEnvironment(Scenario), new FixedBudgetPolicy(), hours, cancellationToken: Ct);

        Assert.Equal(days, result.DailyProfit.Count);
        AssertClose(result.Total.Profit, result.DailyProfit.Sum());
    }

    [Fact]
    public void Run_ZeroHours_ReturnsNothing()
    {
        var result = EpisodeRunner.Run(new SimulatedEnvironment(Scenario), new FixedBudgetPolicy(), 0, cancellationToken: Ct);

        Assert.Equal(default, result.Total);
        Assert.Empty(result.DailyProfit);
        Assert.Equal(0, result.LimitInterventions);
    }

    [Fact]
    public void Run_NegativeHours_Throws()
    {
        var world = new SimulatedEnvironment(Scenario);

        Assert.Throws<ArgumentOutOfRangeException>(() => EpisodeRunner.Run(world, new FixedBudgetPolicy(), -1, cancellationToken: Ct));
    }

    [Fact]
    public void Run_PolicyBreakingLimits_CountsInterventions()
    {
        // Asking for +100% every hour is clamped to the limit every hour for every ad set.
        var result = EpisodeRunner.Run(new SimulatedEnvironment(Scenario), new GreedyPolicy(), 3, cancellationToken: Ct);

        Assert.True(result.LimitInterventions >= 3 * Scenario.AdSets.Count);
    }

    [Fact]
    public void Run_OnHour_IsCalledOncePerHour()
    {
        var calls = 0;

        EpisodeRunner.Run(new SimulatedEnvironment(Scenario), new FixedBudgetPolicy(), 30, onHour: () => calls++, cancellationToken: Ct);

        Assert.Equal(30, calls);
    }

    [Fact]
    public void Run_CancelledToken_StopsBeforeTheFirstHour()
    {
        var world = new SimulatedEnvironment(Scenario);
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var calls = 0;

        Assert.ThrowsAny<OperationCanceledException>(
            () => EpisodeRunner.Run(world, new FixedBudgetPolicy(), 10, onHour: () => calls++, cancellationToken: cts.Token));
        Assert.Equal(0, calls);
    }

    [Fact]
    public void Run_SameWorldTwice_GivesTheSameResult()
    {
        var world = new SimulatedEnvironment(Scenario);

        var first = EpisodeRunner.Run(world, new ProportionalPolicy(), 60, cancellationToken: Ct);
        var second = EpisodeRunner.Run(world, new ProportionalPolicy(), 60, cancellationToken: Ct);

        Assert.Equal(first.Total, second.Total);
        Assert.Equal(first.DailyProfit, second.DailyProfit);
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (RewardMetrics Total, long Interventions, List<double> HourlyProfit, int Changes) StepByHand(
        SimulatedEnvironment world, IPolicy policy, int hours, ulong seed)
    {
        var n = world.AdSets.Count;
        var states = new AdEnvironmentState[n];
        var actions = new AdAction[n];
        var propensities = new double[n];
        var total = default(RewardMetrics);
        long interventions = 0;
        var changes = 0;
        var hourlyProfit = new List<double>();
        var step = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, seed));
        for (var t = 0; t < hours; t++)
        {
            step.States.CopyTo(states);
            policy.Decide(new DecisionContext(t, step.HourStartUtc, states), actions, propensities);
            changes += actions.Count(a => a.BudgetAdjustment != 0 || a.Status != AdSetStatus.Active);
            step = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, step.Rewards, step.Info, step.States));
            var profit = 0.0;
            for (var i = 0; i < n; i++)
            {
                total += step.Rewards[i];
                profit += step.Rewards[i].Profit;
                interventions += step.Info[i].LimitInterventions;
            }

            hourlyProfit.Add(profit);
        }

        return (total, interventions, hourlyProfit, changes);
    }

    private static void AssertClose(double expected, double actual) =>
        Assert.Equal(expected, actual, 1e-9 * Math.Max(1, Math.Abs(expected)));

    private sealed class GreedyPolicy : IPolicy
    {
        public string Name => "greedy";

        public void Reset(PolicyContext context)
        {
        }

        public void Decide(DecisionContext decision, Span<AdAction> actions, Span<double> propensities)
        {
            for (var i = 0; i < decision.States.Length; i++)
            {
                actions[i] = AdAction.AdjustBudget(decision.States[i], 1.0);
                propensities[i] = 1;
            }
        }

        public void Observe(Transition transition)
        {
        }
    }
}

using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>The learning phase: what starts it, what it costs, and what ends it.</summary>
public sealed class SimulatedEnvironmentLearningTests
{
    private static readonly ActionLimits Loose = new() { MaxHourlyBudgetChange = 10 };

    [Fact]
    public void Step_BudgetChange_StartsLearningExactlyWhenAboveThreshold()
    {
        // Adjustments cluster around ±threshold so both sides of the boundary are exercised.
        var gen = Gen.Select(Gen.ULong, Gen.Frequency((3, Gen.Double[0.5, 1.5]), (1, Gen.Double[0.99, 1.01])), Gen.Bool);
        Check.Sample(gen, (seed, multiple, down) =>
        {
            var env = new SimulatedEnvironment(DefaultFamily.Sample(seed, 1), Loose);
            var state = env.Reset().States[0];
            var truth = env.TruthOf(0);
            Assert.False(truth.Learning);
            Assert.Equal(state.CurrentBudget, truth.BudgetReference);

            var threshold = truth.Platform.LearningBudgetChangeThreshold;
            var result = env.Step([AdAction.AdjustBudget(state, (down ? -1 : 1) * multiple * threshold)]);

            var info = result.Info[0];
            var change = Math.Abs((info.DailyBudget / truth.BudgetReference) - 1);
            var expected = change > threshold;
            Assert.Equal(expected, info.InLearningPhase);
            Assert.Equal(expected, result.States[0].InLearningPhase);
            Assert.Equal(expected, env.TruthOf(0).Learning);
            Assert.Equal(expected ? info.DailyBudget : truth.BudgetReference, env.TruthOf(0).BudgetReference);
        }, iter: 300);
    }

    [Fact]
    public void ExpectedHour_Learning_CutsConversionsByThePenaltyOnly()
    {
        var gen = Gen.Select(ScenarioGenerators.Family, Gen.Double[0.01, 1e5], Gen.Int[0, 300], Gen.Int[0, 3]);
        Check.Sample(gen, (scenario, budget, hoursAhead, creative) =>
        {
            var env = new SimulatedEnvironment(scenario);
            for (var i = 0; i < scenario.AdSets.Count; i++)
            {
                var penalty = env.TruthOf(i).Platform.LearningCvrPenalty;
                var settled = env.ExpectedHour(i, budget, hoursAhead, (CreativeType)creative, learning: false);
                var learning = env.ExpectedHour(i, budget, hoursAhead, (CreativeType)creative, learning: true);

                Assert.Equal(settled.AdSpend, learning.AdSpend);
                Assert.True(settled.Conversions > 0);
                Assert.Equal((1 - penalty) * settled.Conversions, learning.Conversions, 1e-12 * settled.Conversions);
                Assert.Equal((1 - penalty) * settled.Revenue, learning.Revenue, 1e-12 * settled.Revenue);
            }
        }, iter: 100);
    }

    [Fact]
    public void Step_SmallChangesAddingUpWithinADay_StartLearning()
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(8, 1), Loose);
        var state = env.Reset().States[0];
        var threshold = env.TruthOf(0).Platform.LearningBudgetChangeThreshold;

        var first = env.Step([AdAction.AdjustBudget(state, 0.6 * threshold)]);
        Assert.False(first.Info[0].InLearningPhase);

        // (1 + 0.6θ)² − 1 > θ: against the day's reference the two changes together cross the threshold.
        var second = env.Step([AdAction.AdjustBudget(first.States[0], 0.6 * threshold)]);
        Assert.True(second.Info[0].InLearningPhase);
    }

    [Fact]
    public void Step_SameChangesSplitAcrossMidnight_DoNotStartLearning()
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(8, 1), Loose);
        var result = env.Reset();
        var threshold = env.TruthOf(0).Platform.LearningBudgetChangeThreshold;
        while (result.States[0].HourOfDay != 23)
        {
            result = env.Step([AdAction.Keep(result.States[0])]);
        }

        result = env.Step([AdAction.AdjustBudget(result.States[0], 0.6 * threshold)]);
        Assert.False(result.Info[0].InLearningPhase);
        Assert.Equal(0, result.States[0].HourOfDay);

        // A new local day measures changes from the budget it starts with.
        result = env.Step([AdAction.AdjustBudget(result.States[0], 0.6 * threshold)]);
        Assert.False(result.Info[0].InLearningPhase);
        Assert.Equal(result.Info[0].DailyBudget / (1 + (0.6 * threshold)), env.TruthOf(0).BudgetReference, 1e-9);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(6)]
    [InlineData(30)]
    public void Step_LearningWithoutEnoughConversions_EndsAfterLearningMaxHours(int maxHours)
    {
        var scenario = WithLearningRules(DefaultFamily.Sample(9, 1), exitConversions: int.MaxValue, maxHours: maxHours);
        var env = new SimulatedEnvironment(scenario, Loose);
        var result = env.Reset();

        result = env.Step([AdAction.AdjustBudget(result.States[0], 1.0)]);
        for (var k = 1; k < maxHours; k++)
        {
            Assert.True(result.Info[0].InLearningPhase, $"left learning after {k} of {maxHours} hours");
            Assert.Equal(k, env.TruthOf(0).LearningHours);
            result = env.Step([AdAction.Keep(result.States[0])]);
        }

        Assert.False(result.Info[0].InLearningPhase);
        Assert.False(result.States[0].InLearningPhase);
        Assert.False(env.TruthOf(0).Learning);
    }

    [Fact]
    public void Step_LearningWithEnoughConversions_EndsOnTheHourTheyAreReached()
    {
        Check.Sample(Gen.Select(Gen.ULong, Gen.Int[1, 40]), (seed, exitConversions) =>
        {
            var scenario = WithLearningRules(DefaultFamily.Sample(seed, 1), exitConversions, maxHours: int.MaxValue);
            scenario = scenario with
            {
                AdSets = [scenario.AdSets[0] with { Cvr = 0.2, CtrByCreative = scenario.AdSets[0].CtrByCreative.ToDictionary(kv => kv.Key, _ => 0.05) }],
            };
            var env = new SimulatedEnvironment(scenario, Loose);
            var result = env.Reset();
            result = env.Step([AdAction.AdjustBudget(result.States[0], 2.0)]);

            long conversions = result.Info[0].ClickCohortConversions;
            var hours = 1;
            while (conversions < exitConversions)
            {
                Assert.True(result.Info[0].InLearningPhase, $"left learning with {conversions} of {exitConversions} conversions");
                Assert.Equal(conversions, env.TruthOf(0).LearningConversions);
                Assert.True(hours++ < 24 * 60, "too few conversions to finish the test");
                result = env.Step([AdAction.Keep(result.States[0])]);
                conversions += result.Info[0].ClickCohortConversions;
            }

            Assert.False(result.Info[0].InLearningPhase);
            Assert.False(env.TruthOf(0).Learning);
        }, iter: 20);
    }

    [Fact]
    public void Step_OtherEdits_StartLearning()
    {
        var scenario = DefaultFamily.Sample(10, 1);
        var start = scenario.AdSets[0];
        var edits = new Func<AdEnvironmentState, AdAction>[]
        {
            s => AdAction.Keep(s) with { CreativeType = (CreativeType)(((int)s.CreativeType + 1) % 4) },
            s => AdAction.Keep(s) with { BidStrategy = s.BidStrategy.Kind == BidStrategyKind.BidCap ? BidStrategy.LowestCost : BidStrategy.BidCap(40m) },
            s => AdAction.Keep(s) with { TargetAgeGroup = (AgeGroup)(((int)s.TargetAgeGroup + 1) % 5) },
            s => AdAction.Keep(s) with { TargetInterests = s.TargetInterests ^ Interests.Pets },
        };

        foreach (var edit in edits)
        {
            var env = new SimulatedEnvironment(scenario);
            var result = env.Step([edit(env.Reset().States[0])]);

            Assert.Equal(0, result.Info[0].LimitInterventions);
            Assert.True(result.Info[0].InLearningPhase);
            Assert.Equal((double)start.DailyBudget, env.TruthOf(0).BudgetReference);
        }
    }

    [Fact]
    public void Step_ReactivatedAfterLongPause_StartsLearning()
    {
        var scenario = WithLearningRules(DefaultFamily.Sample(11, 1), exitConversions: 50, maxHours: 10);
        var shortPause = RunPause(scenario, pausedHours: 9);
        var longPause = RunPause(scenario, pausedHours: 10);

        Assert.False(shortPause);
        Assert.True(longPause);
    }

    private static bool RunPause(Scenario scenario, int pausedHours)
    {
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        for (var h = 0; h < pausedHours; h++)
        {
            result = env.Step([AdAction.Keep(result.States[0]) with { Status = AdSetStatus.Paused }]);
            Assert.Equal(0, result.Info[0].Spend);
            Assert.Equal(0, result.Info[0].Impressions);
        }

        result = env.Step([AdAction.Keep(result.States[0]) with { Status = AdSetStatus.Active }]);
        Assert.True(result.Info[0].Spend > 0);
        return result.Info[0].InLearningPhase;
    }

    private static Scenario WithLearningRules(Scenario scenario, int exitConversions, int maxHours) => scenario with
    {
        Market = scenario.Market with
        {
            Instagram = scenario.Market.Instagram with { LearningExitConversions = exitConversions, LearningMaxHours = maxHours },
            TikTok = scenario.Market.TikTok with { LearningExitConversions = exitConversions, LearningMaxHours = maxHours },
        },
    };
}

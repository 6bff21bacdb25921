using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>What the environment refuses or clamps, and the platform's bound on daily overspend.</summary>
public sealed class SimulatedEnvironmentLimitsTests
{
    [Theory]
    [InlineData(0.8, 1.25)]
    [InlineData(-0.8, 0.75)]
    [InlineData(5.0, 1.25)]
    [InlineData(-5.0, 0.75)]
    public void Step_AdjustmentBeyondHourlyLimit_ClampedToLimitAndCounted(double adjustment, double factor)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(13, 1));
        var state = env.Reset().States[0];

        var info = env.Step([AdAction.AdjustBudget(state, adjustment)]).Info[0];

        Assert.Equal(state.CurrentBudget * factor, info.DailyBudget, 1e-9);
        Assert.Equal(1, info.LimitInterventions);
    }

    [Theory]
    [InlineData(0.25)]
    [InlineData(-0.25)]
    [InlineData(0.1)]
    [InlineData(0.0)]
    public void Step_AdjustmentWithinLimit_AppliedWithoutIntervention(double adjustment)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(13, 1));
        var state = env.Reset().States[0];

        var result = env.Step([AdAction.AdjustBudget(state, adjustment)]);

        Assert.Equal(state.CurrentBudget * (1 + adjustment), result.Info[0].DailyBudget, 1e-9);
        Assert.Equal(result.Info[0].DailyBudget, result.States[0].CurrentBudget);
        Assert.Equal(0, result.Info[0].LimitInterventions);
    }

    [Theory]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    [InlineData(double.NegativeInfinity)]
    public void Step_NonFiniteAdjustment_IgnoredAndCounted(double adjustment)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(13, 1));
        var state = env.Reset().States[0];

        var info = env.Step([AdAction.AdjustBudget(state, adjustment)]).Info[0];

        Assert.Equal(state.CurrentBudget, info.DailyBudget);
        Assert.Equal(1, info.LimitInterventions);
    }

    [Fact]
    public void Step_RepeatedRaisesAndCuts_BudgetHeldWithinBoundsAndClampsCounted()
    {
        var scenario = DefaultFamily.Sample(14, 1);
        var min = (double)scenario.AdSets[0].MinDailyBudget;
        var max = (double)scenario.AdSets[0].MaxDailyBudget;
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();

        var clamps = 0;
        foreach (var adjustment in Enumerable.Repeat(0.25, 40).Concat(Enumerable.Repeat(-0.25, 80)))
        {
            var before = result.States[0].CurrentBudget;
            result = env.Step([AdAction.AdjustBudget(result.States[0], adjustment)]);
            var info = result.Info[0];
            Assert.InRange(info.DailyBudget, min, max);
            var proposed = before * (1 + adjustment);
            var clamped = proposed > max || proposed < min;
            Assert.Equal(clamped ? 1 : 0, info.LimitInterventions);
            clamps += info.LimitInterventions;
        }

        Assert.Equal(min, result.States[0].CurrentBudget);
        Assert.True(clamps > 10);
    }

    [Fact]
    public void Step_SecondRotationWithinADay_RefusedAndCounted()
    {
        var scenario = DefaultFamily.Sample(15, 1);
        var first = scenario.AdSets[0].CreativeType;
        var second = (CreativeType)(((int)first + 1) % 4);
        var third = (CreativeType)(((int)first + 2) % 4);
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();

        result = env.Step([AdAction.Keep(result.States[0]) with { CreativeType = second }]);
        Assert.Equal(second, result.States[0].CreativeType);
        Assert.Equal(0, result.Info[0].LimitInterventions);

        for (var h = 1; h < ActionLimits.Default.MinHoursBetweenCreativeRotations; h++)
        {
            result = env.Step([AdAction.Keep(result.States[0]) with { CreativeType = third }]);
            Assert.Equal(second, result.States[0].CreativeType);
            Assert.Equal(1, result.Info[0].LimitInterventions);
        }

        result = env.Step([AdAction.Keep(result.States[0]) with { CreativeType = third }]);
        Assert.Equal(third, result.States[0].CreativeType);
        Assert.Equal(0, result.Info[0].LimitInterventions);
    }

    public static TheoryData<BidStrategy> InvalidBids =>
    [
        new BidStrategy(BidStrategyKind.CostCap),
        new BidStrategy(BidStrategyKind.BidCap, 0m),
        new BidStrategy(BidStrategyKind.CostCap, -3m),
        new BidStrategy(BidStrategyKind.LowestCost, 10m),
        new BidStrategy((BidStrategyKind)7, 10m),
        new BidStrategy((BidStrategyKind)(-1), 10m),
    ];

    [Theory]
    [MemberData(nameof(InvalidBids))]
    public void Step_InvalidBidStrategy_RefusedAndCounted(BidStrategy bid)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(16, 1));
        var state = env.Reset().States[0];

        var result = env.Step([AdAction.Keep(state) with { BidStrategy = bid }]);

        Assert.Equal(state.BidStrategy, result.States[0].BidStrategy);
        Assert.Equal(1, result.Info[0].LimitInterventions);
        Assert.False(result.Info[0].InLearningPhase);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(4)]
    [InlineData(99)]
    public void Step_UndefinedCreative_RefusedAndCounted(int creative)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(16, 1));
        var state = env.Reset().States[0];

        var result = env.Step([AdAction.Keep(state) with { CreativeType = (CreativeType)creative }]);

        Assert.Equal(state.CreativeType, result.States[0].CreativeType);
        Assert.Equal(1, result.Info[0].LimitInterventions);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(5)]
    public void Step_UndefinedAgeGroup_RefusedAndCounted(int age)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(16, 1));
        var state = env.Reset().States[0];

        var result = env.Step([AdAction.Keep(state) with { TargetAgeGroup = (AgeGroup)age }]);

        Assert.Equal(state.TargetAgeGroup, result.States[0].TargetAgeGroup);
        Assert.Equal(1, result.Info[0].LimitInterventions);
    }

    [Theory]
    [InlineData(1 << 10)]
    [InlineData(1 << 15)]
    public void Step_UndefinedInterestFlags_RefusedAndCounted(int flag)
    {
        // Scenarios with undefined interest flags are rejected by the validator; a retargeting action must be too.
        var env = new SimulatedEnvironment(DefaultFamily.Sample(16, 1));
        var state = env.Reset().States[0];

        var result = env.Step([AdAction.Keep(state) with { TargetInterests = Interests.Pets | (Interests)flag }]);

        Assert.Equal(state.TargetInterests, result.States[0].TargetInterests);
        Assert.Equal(1, result.Info[0].LimitInterventions);
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(2)]
    [InlineData(7)]
    public void Step_UndefinedStatus_RefusedAndCounted(int status)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(16, 1));
        var state = env.Reset().States[0];

        var result = env.Step([AdAction.Keep(state) with { Status = (AdSetStatus)status }]);

        Assert.Equal(AdSetStatus.Active, result.States[0].Status);
        Assert.True(result.Info[0].Spend > 0);
        Assert.Equal(1, result.Info[0].LimitInterventions);
    }

    [Fact]
    public void Step_CustomLimits_AppliedInsteadOfDefaults()
    {
        var limits = new ActionLimits { MaxHourlyBudgetChange = 0.05, MinHoursBetweenCreativeRotations = 0 };
        var scenario = DefaultFamily.Sample(17, 1);
        var env = new SimulatedEnvironment(scenario, limits);
        var state = env.Reset().States[0];
        var other = (CreativeType)(((int)state.CreativeType + 1) % 4);

        var result = env.Step([AdAction.AdjustBudget(state, 0.2) with { CreativeType = other }]);
        var first = result.Info[0];
        Assert.Equal(other, result.States[0].CreativeType);

        // Rotating straight back is allowed when no hours are required between rotations.
        var second = env.Step([AdAction.Keep(result.States[0]) with { CreativeType = state.CreativeType }]);

        Assert.Same(limits, env.Limits);
        Assert.Equal(state.CurrentBudget * 1.05, first.DailyBudget, 1e-9);
        Assert.Equal(1, first.LimitInterventions);
        Assert.Equal(state.CreativeType, second.States[0].CreativeType);
        Assert.Equal(0, second.Info[0].LimitInterventions);
    }

    [Fact]
    public void Step_AnyActions_DailySpendWithinOvershootOfLargestBudgetThatDay()
    {
        Check.Sample(Gen.Select(Gen.OneOf(ScenarioGenerators.Valid, ScenarioGenerators.Family), Gen.ULong), (scenario, actionSeed) =>
        {
            var env = new SimulatedEnvironment(scenario);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(scenario.Store.TimeZone);
            var n = scenario.AdSets.Count;
            var spent = new double[n];
            var largestBudget = new double[n];
            var rng = new Rng(actionSeed);
            var result = env.Reset();
            var day = LocalDate(result.HourStartUtc, zone);
            for (var h = 0; h < 24 * 6; h++)
            {
                var hourDay = LocalDate(result.HourStartUtc, zone);
                if (hourDay != day)
                {
                    AssertWithinOvershoot(scenario, spent, largestBudget, day);
                    Array.Clear(spent);
                    Array.Clear(largestBudget);
                    day = hourDay;
                }

                var actions = new AdAction[n];
                for (var i = 0; i < n; i++)
                {
                    actions[i] = ScenarioGenerators.RandomAction(ref rng, result.States[i], adversarial: true);
                }

                result = env.Step(actions);
                for (var i = 0; i < n; i++)
                {
                    spent[i] += result.Info[i].Spend;
                    largestBudget[i] = Math.Max(largestBudget[i], result.Info[i].DailyBudget);
                }
            }

            AssertWithinOvershoot(scenario, spent, largestBudget, day);
        }, iter: 200);
    }

    [Fact]
    public void Step_BudgetRaisedLateInTheDay_SpendStillWithinOvershoot()
    {
        // An adversary that lets the day spend at a low budget, then raises it hour after hour before midnight, can
        // spend at most (1 + overshoot) × the final budget over the day, not the day's plan plus a fresh budget.
        var scenario = DefaultFamily.Sample(18, 1);
        var env = new SimulatedEnvironment(scenario, new ActionLimits { MaxHourlyBudgetChange = 10 });
        var overshoot = env.TruthOf(0).Platform.MaxDailyOvershoot;
        var result = env.Reset();
        var spent = 0.0;
        for (var h = 0; h < 24; h++)
        {
            var adjustment = h >= 18 ? 3.0 : 0.0;
            result = env.Step([AdAction.AdjustBudget(result.States[0], adjustment)]);
            spent += result.Info[0].Spend;
            Assert.Equal(spent, env.TruthOf(0).SpentToday, 1e-9 * spent);
        }

        Assert.True(spent <= ((1 + overshoot) * result.Info[0].DailyBudget) + 1e-9);

        // The next local day starts a fresh count.
        result = env.Step([AdAction.Keep(result.States[0])]);
        Assert.Equal(result.Info[0].Spend, env.TruthOf(0).SpentToday);
    }

    private static void AssertWithinOvershoot(Scenario scenario, double[] spent, double[] largestBudget, DateOnly day)
    {
        for (var i = 0; i < spent.Length; i++)
        {
            var platform = scenario.AdSets[i].Platform == Platform.TikTok ? scenario.Market.TikTok : scenario.Market.Instagram;
            var bound = (1 + platform.MaxDailyOvershoot) * largestBudget[i];
            Assert.True(
                spent[i] <= (bound * (1 + 1e-12)) + 1e-9,
                $"ad set {i} spent {spent[i]:R} on {day}, more than {bound:R} (overshoot {platform.MaxDailyOvershoot:R})");
        }
    }

    private static DateOnly LocalDate(DateTimeOffset utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime);
}

using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>Reproducibility of the simulator: seeds, common random numbers, reset, and the step contract.</summary>
public sealed class SimulatedEnvironmentTests
{
    [Fact]
    public void Step_SameScenarioAndActions_GiveIdenticalRewardsInfoAndStates()
    {
        Check.Sample(Gen.Select(Gen.OneOf(ScenarioGenerators.Family, ScenarioGenerators.Valid), Gen.ULong), (scenario, actionSeed) =>
        {
            var first = Trace.Record(new SimulatedEnvironment(scenario), 72, actionSeed);
            var second = Trace.Record(new SimulatedEnvironment(scenario), 72, actionSeed);

            Assert.Equal(first.Rewards, second.Rewards);
            Assert.Equal(first.Info, second.Info);
            Assert.Equal(first.States, second.States);
            Assert.Equal(first.Organic, second.Organic);
        }, iter: 100);
    }

    [Fact]
    public void Step_DifferentSeed_GivesDifferentOutcomes()
    {
        // Settings kept as they are, so every family ad set delivers and there is noise to differ.
        Check.Sample(ScenarioGenerators.Family, scenario =>
        {
            var first = Trace.Record(new SimulatedEnvironment(scenario), 48, actionSeed: 0, keep: true);
            var second = Trace.Record(new SimulatedEnvironment(scenario with { Seed = unchecked(scenario.Seed + 1) }), 48, actionSeed: 0, keep: true);

            Assert.NotEqual(first.Info.Select(i => i.Spend), second.Info.Select(i => i.Spend));
            Assert.NotEqual(first.Info.Select(i => i.Impressions), second.Info.Select(i => i.Impressions));
            Assert.NotEqual(first.Organic, second.Organic);
        }, iter: 20);
    }

    [Fact]
    public void Step_OtherAdSetActsDifferently_AdSetZeroMeetsTheSameMarket()
    {
        // Common random numbers: noise is keyed by (ad set, hour), so what ad set 1 does cannot move ad set 0's draws.
        var scenarios = Gen.OneOf(
            Gen.Select(Gen.ULong, Gen.Int[2, 4], DefaultFamily.Sample),
            ScenarioGenerators.Valid.Where(s => s.AdSets.Count >= 2));
        Check.Sample(Gen.Select(scenarios, Gen.ULong, Gen.ULong), (scenario, seed0, seedA) =>
        {
            var a = Trace.Record(new SimulatedEnvironment(scenario), 96, seedA, adSetZeroSeed: seed0);
            var b = Trace.Record(new SimulatedEnvironment(scenario), 96, ~seedA, adSetZeroSeed: seed0);

            var n = scenario.AdSets.Count;
            Assert.Equal(AdSetZero(a.Info, n), AdSetZero(b.Info, n));
            Assert.Equal(AdSetZero(a.Rewards, n), AdSetZero(b.Rewards, n));
            Assert.Equal(AdSetZero(a.States, n), AdSetZero(b.States, n));
            Assert.Equal(a.Organic, b.Organic);

            // The other ad sets did act differently, so the comparison is not vacuous.
            Assert.NotEqual(a.Info.Where((_, k) => k % n != 0), b.Info.Where((_, k) => k % n != 0));
        }, iter: 100);
    }

    [Fact]
    public void Reset_AfterAnEpisode_ReplaysItExactly()
    {
        Check.Sample(Gen.Select(ScenarioGenerators.Valid, Gen.ULong), (scenario, actionSeed) =>
        {
            var env = new SimulatedEnvironment(scenario);
            var first = Trace.Record(env, 60, actionSeed);
            var second = Trace.Record(env, 60, actionSeed);

            Assert.Equal(first.Rewards, second.Rewards);
            Assert.Equal(first.Info, second.Info);
            Assert.Equal(first.States, second.States);
        }, iter: 50);
    }

    [Fact]
    public void Reset_NewEnvironment_StartsAtHourZeroAtLocalMidnightWithZeroRewards()
    {
        var scenario = DefaultFamily.Sample(3, 2);
        var env = new SimulatedEnvironment(scenario);

        var result = env.Reset();

        Assert.Equal(0, env.HourIndex);
        Assert.Equal(0, result.HourIndex);
        Assert.Equal(new DateTimeOffset(2026, 3, 2, 5, 0, 0, TimeSpan.Zero), result.HourStartUtc);
        Assert.Equal(env.StartUtc, result.HourStartUtc);
        Assert.All(result.States.ToArray(), s => Assert.Equal(0, s.HourOfDay));
        Assert.All(result.Rewards.ToArray(), r => Assert.Equal(default, r));
        for (var i = 0; i < scenario.AdSets.Count; i++)
        {
            Assert.Equal((double)scenario.AdSets[i].DailyBudget, result.States[i].CurrentBudget);
            Assert.Equal(scenario.AdSets[i].CreativeType, result.States[i].CreativeType);
            Assert.Equal(scenario.AdSets[i].BidStrategy, result.States[i].BidStrategy);
            Assert.Equal(env.AdSets[i].StartingDailyBudget, result.States[i].CurrentBudget);
        }
    }

    [Fact]
    public void Step_OneHour_AdvancesHourIndexAndClock()
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(4, 1));
        var result = env.Reset();

        for (var h = 1; h <= 30; h++)
        {
            result = env.Step([AdAction.Keep(result.States[0])]);
            Assert.Equal(h, env.HourIndex);
            Assert.Equal(h, result.HourIndex);
            Assert.Equal(env.StartUtc.AddHours(h), result.HourStartUtc);
            Assert.Equal(h % 24, result.States[0].HourOfDay);
        }
    }

    [Theory]
    [InlineData(0)]
    [InlineData(2)]
    [InlineData(4)]
    public void Step_WrongNumberOfActions_ThrowsWithoutAdvancing(int count)
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(5, 3));
        var state = env.Reset().States[0];
        var actions = Enumerable.Repeat(AdAction.Keep(state), count).ToArray();

        var exception = Assert.Throws<ArgumentException>(() => env.Step(actions));

        Assert.Equal("actions", exception.ParamName);
        Assert.Equal(0, env.HourIndex);
    }

    [Fact]
    public async Task StepAsync_WrongNumberOfActions_Throws()
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(5, 3));
        var state = (await env.ResetAsync(TestContext.Current.CancellationToken)).States[0];

        await Assert.ThrowsAsync<ArgumentException>(
            async () => await env.StepAsync(new[] { AdAction.Keep(state) }, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task StepAsync_SameActions_MatchesStep()
    {
        var scenario = DefaultFamily.Sample(6, 2);
        var sync = new SimulatedEnvironment(scenario);
        var async = new SimulatedEnvironment(scenario);
        var s = sync.Reset();
        var a = await async.ResetAsync(TestContext.Current.CancellationToken);

        for (var h = 0; h < 24; h++)
        {
            var actions = s.States.ToArray().Select(x => AdAction.AdjustBudget(x, h % 3 == 0 ? 0.1 : -0.05)).ToArray();
            s = sync.Step(actions);
            a = await async.StepAsync(actions, TestContext.Current.CancellationToken);
            Assert.Equal(s.Info.ToArray(), a.Info.ToArray());
            Assert.Equal(s.Rewards.ToArray(), a.Rewards.ToArray());
        }
    }

    private static List<T> AdSetZero<T>(List<T> values, int adSetCount) => values.Where((_, k) => k % adSetCount == 0).ToList();

    /// <summary>Everything an episode reports, hour by hour, flattened across ad sets.</summary>
    private sealed class Trace
    {
        public List<RewardMetrics> Rewards { get; } = [];

        public List<AdSetHourInfo> Info { get; } = [];

        public List<AdEnvironmentState> States { get; } = [];

        public List<(long Orders, double Revenue)> Organic { get; } = [];

        /// <summary>Resets <paramref name="env"/> and runs it with adversarial random actions, or keeps every setting.</summary>
        /// <param name="adSetZeroSeed">When given, ad set 0's actions come from their own stream with this seed.</param>
        /// <param name="keep">Whether to keep every setting instead of acting randomly.</param>
        public static Trace Record(SimulatedEnvironment env, int hours, ulong actionSeed, ulong? adSetZeroSeed = null, bool keep = false)
        {
            var trace = new Trace();
            var rng = new Rng(actionSeed);
            var rngZero = new Rng(adSetZeroSeed ?? 0);
            var result = env.Reset();
            trace.States.AddRange(result.States.ToArray());
            var actions = new AdAction[env.AdSets.Count];
            for (var h = 0; h < hours; h++)
            {
                for (var i = 0; i < actions.Length; i++)
                {
                    if (keep)
                    {
                        actions[i] = AdAction.Keep(result.States[i]);
                    }
                    else if (i == 0 && adSetZeroSeed is not null)
                    {
                        actions[i] = ScenarioGenerators.RandomAction(ref rngZero, result.States[i], adversarial: true);
                    }
                    else
                    {
                        actions[i] = ScenarioGenerators.RandomAction(ref rng, result.States[i], adversarial: true);
                    }
                }

                result = env.Step(actions);
                trace.Rewards.AddRange(result.Rewards.ToArray());
                trace.Info.AddRange(result.Info.ToArray());
                trace.States.AddRange(result.States.ToArray());
                trace.Organic.Add((result.OrganicOrders, result.OrganicRevenue));
            }

            return trace;
        }
    }
}

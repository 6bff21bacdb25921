using System.Text.Json;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Agents.Features;
using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Agents.QLearning;

public sealed class QLearningAgentTests
{
    [Fact]
    public void Learn_TwoStateProblem_FindsTheOptimalActionsAndValues()
    {
        // Row 0: move 4 pays nothing and leads to row 1; any other move pays 0.3 and stays. Row 1: move 0 pays 1 and leads
        // back to row 0; any other move pays nothing and stays. With γ = 0.9 the best policy alternates:
        // V1 = 1 + 0.9·V0, V0 = 0.9·V1, so V1 = 1 / 0.19 and V0 = 0.9 / 0.19, ahead of staying in row 0 for 0.3 a step (V = 3).
        var agent = new QLearningAgent(new QLearningOptions { Gamma = 0.9 });
        var rng = new Rng(9);
        for (var step = 0; step < 40_000; step++)
        {
            var (s, a) = (rng.NextInt(2), rng.NextInt(agent.ActionCount));
            var (reward, next) = s == 0
                ? (a == 4 ? (0.0, 1) : (0.3, 0))
                : (a == 0 ? (1.0, 0) : (0.0, 1));
            agent.Learn(s, a, reward, next);
        }

        var v1 = 1 / 0.19;
        var v0 = 0.9 * v1;
        Assert.Equal(4, BudgetMoves.Greedy(agent.Table.Row(0), 2));
        Assert.Equal(0, BudgetMoves.Greedy(agent.Table.Row(1), 2));
        Assert.Equal(v0, agent.Table.Row(0)[4], 0.05);
        Assert.Equal(v1, agent.Table.Row(1)[0], 0.05);
        Assert.Equal(0.3 + (0.9 * v0), agent.Table.Row(0)[1], 0.05);
        Assert.Equal(12, agent.Metrics.TableSize);
        Assert.Equal(40_000, agent.Metrics.Updates);
    }

    [Fact]
    public void Run_MoneyLosingStores_LearnsToCutBudgets()
    {
        var agent = new QLearningAgent();
        LearningAgentHarness.Train(agent, Enumerable.Range(1, 12).Select(s => LearningAgentHarness.MoneyLosing((ulong)s)), days: 20);
        agent.Training = false;

        var heldOut = LearningAgentHarness.MoneyLosing(99);
        var learned = EpisodeRunner.Run(new SimulatedEnvironment(heldOut), agent, 10 * 24, 1, cancellationToken: TestContext.Current.CancellationToken);
        var fixedBudgets = EpisodeRunner.Run(new SimulatedEnvironment(heldOut), new FixedBudgetPolicy(), 10 * 24, 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(learned.Total.AdSpend < 0.6 * fixedBudgets.Total.AdSpend, $"spend {learned.Total.AdSpend:F0} against fixed {fixedBudgets.Total.AdSpend:F0}");
        Assert.True(learned.Total.Profit > fixedBudgets.Total.Profit);
    }

    [Fact]
    public void Decide_SameSeed_SameDecisions()
    {
        var first = LearningAgentHarness.Record(new QLearningAgent(new QLearningOptions { Seed = 3 }), LearningAgentHarness.Small, 24 * 6, seed: 5);
        var second = LearningAgentHarness.Record(new QLearningAgent(new QLearningOptions { Seed = 3 }), LearningAgentHarness.Small, 24 * 6, seed: 5);
        var otherSeed = LearningAgentHarness.Record(new QLearningAgent(new QLearningOptions { Seed = 4 }), LearningAgentHarness.Small, 24 * 6, seed: 5);

        LearningAgentHarness.AssertSameDecisions(first, second);
        Assert.Contains(Enumerable.Range(0, first.Count), t => !first[t].Actions.SequenceEqual(otherSeed[t].Actions));
    }

    [Fact]
    public void Decide_Propensities_AreEpsilonGreedyProbabilities()
    {
        const double epsilon = 0.3;
        var agent = new QLearningAgent(new QLearningOptions { Epsilon = new DecaySchedule(epsilon, epsilon, 0) });
        var records = LearningAgentHarness.Record(agent, DefaultFamily.Sample(11, 8), 24 * 60, seed: 2);
        var adSetCount = records[0].States.Length;

        var greedyShare = 1 - epsilon + (epsilon / 6);
        var decisions = 0;
        var greedyDecisions = 0;
        foreach (var hour in records)
        {
            for (var i = 0; i < adSetCount; i++)
            {
                if (hour.States[i].HourOfDay != 0)
                {
                    Assert.Equal(1, hour.Propensities[i]);
                    Assert.Equal(AdAction.Keep(hour.States[i]), hour.Actions[i]);
                    continue;
                }

                decisions++;
                // k of the 6 actions propose the same budget and bid (k > 1 at the edge of the budget range, and for the hold on
                // lowest cost, which the switch proposes too), with or without the greedy one.
                var p = hour.Propensities[i];
                var isGreedy = p > 1 - epsilon;
                var k = (isGreedy ? p - (1 - epsilon) : p) / (epsilon / 6);
                Assert.True(Math.Abs(k - Math.Round(k)) < 1e-9 && Math.Round(k) is >= 1 and <= 6, $"propensity {p} is not epsilon-greedy");
                if (isGreedy)
                {
                    greedyDecisions++;
                }
            }
        }

        // 60 days of hours hold 60 or 61 local midnights, with a daylight-saving change.
        Assert.InRange(decisions, 60 * 8, 61 * 8);
        // A greedy hold on lowest cost also takes the switch's exploratory share.
        Assert.InRange((double)greedyDecisions / decisions, greedyShare - 0.06, greedyShare + (epsilon / 6) + 0.06);
    }

    [Fact]
    public void Decide_AtMaximumBudget_HoldCarriesTheRaisesPropensity()
    {
        // A fresh table holds; at the maximum budget the two raises propose the same budget as holding, and on lowest cost so
        // does the switch.
        const double epsilon = 0.3;
        var agent = new QLearningAgent(new QLearningOptions { Epsilon = new DecaySchedule(epsilon, epsilon, 0) });
        var adSets = new SimulatedEnvironment(DefaultFamily.Sample(12, 8)).AdSets;

        var first = LearningAgentHarness.Record(agent, DefaultFamily.Sample(12, 8), 1, seed: 3, alter: (i, state) => state with { CurrentBudget = adSets[i].MaxDailyBudget })[0];

        for (var i = 0; i < adSets.Count; i++)
        {
            var state = first.States[i];
            var holds = first.Actions[i].BudgetAdjustment == 0 && first.Actions[i].BidStrategy == state.BidStrategy;
            var holdActions = BudgetMoves.OffersSwitch(state) ? 3 : 4;
            var expected = holds ? 1 - epsilon + (holdActions * epsilon / 6) : epsilon / 6;
            Assert.Equal(expected, first.Propensities[i], 12);
        }

        Assert.Contains(first.Actions, a => a.BudgetAdjustment == 0);
    }

    [Fact]
    public void Decide_GreedyPropensity_GoesWithTheGreedyMove()
    {
        var agent = new QLearningAgent(new QLearningOptions { Epsilon = new DecaySchedule(0.5, 0.5, 0) });
        LearningAgentHarness.Train(agent, [DefaultFamily.Sample(3, 4), DefaultFamily.Sample(4, 4)], days: 20);
        var adSets = new SimulatedEnvironment(LearningAgentHarness.Small).AdSets;
        var greedyAction = new AdAction[adSets.Count];
        var greedyChecks = 0;
        var records = LearningAgentHarness.Record(agent, LearningAgentHarness.Small, 24 * 20, seed: 8, alter: (i, state) =>
        {
            var row = agent.Table.Row(StateDiscretizer.Discretize(state, adSets[i]));
            var greedy = BudgetMoves.Greedy(BudgetMoves.OffersSwitch(state) ? row : row[..agent.SwitchAction], 2);
            var moves = state.Platform == Platform.TikTok ? agent.Options.TikTokMoves : agent.Options.InstagramMoves;
            greedyAction[i] = BudgetMoves.ActionOf(greedy, state, adSets[i], ActionLimits.Default, [.. moves]);
            return state;
        }, afterDecide: (i, action, propensity) =>
        {
            if (propensity is > 0.5 and < 1)
            {
                greedyChecks++;
                Assert.Equal(greedyAction[i].BudgetAdjustment, action.BudgetAdjustment);
                Assert.Equal(greedyAction[i].BidStrategy, action.BidStrategy);
            }
        });

        Assert.InRange(greedyChecks, 20, 80);
    }

    [Fact]
    public void FromCheckpoint_RoundTrip_DecidesIdenticallyWithEqualMetrics()
    {
        var agent = new QLearningAgent(new QLearningOptions { Seed = 21 });
        LearningAgentHarness.Train(agent, Enumerable.Range(1, 6).Select(s => DefaultFamily.Sample((ulong)s, 4)), days: 30);

        var loaded = Assert.IsType<QLearningAgent>(LearningAgentHarness.RoundTrip(agent));

        Assert.Equal(agent.Metrics, loaded.Metrics);
        Assert.Equal(agent.Options with { InstagramMoves = [], TikTokMoves = [] }, loaded.Options with { InstagramMoves = [], TikTokMoves = [] });
        Assert.True(agent.Table.Values.SequenceEqual(loaded.Table.Values));
        Assert.True(agent.Table.Visits.SequenceEqual(loaded.Table.Visits));
        agent.Training = loaded.Training = false;
        var expected = LearningAgentHarness.Record(agent, LearningAgentHarness.Small, 24 * 10, seed: 4);
        var actual = LearningAgentHarness.Record(loaded, LearningAgentHarness.Small, 24 * 10, seed: 4);
        LearningAgentHarness.AssertSameDecisions(expected, actual);
        Assert.Equal(agent.Metrics, loaded.Metrics);
    }

    [Fact]
    public void ToCheckpoint_AddsTheAgentsFactsToTheCallersMetadata()
    {
        var agent = new QLearningAgent();
        agent.Learn(0, 1, 1, -1);

        var checkpoint = agent.ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string> { ["family"] = "default" });

        Assert.Equal("default", checkpoint.Metadata["family"]);
        Assert.Equal("1", checkpoint.Metadata["agent.updates"]);
        Assert.Equal("1", checkpoint.Metadata["agent.visited_entries"]);
    }

    [Fact]
    public void FromCheckpoint_DqnCheckpoint_FailsWithAgentKindMismatch()
    {
        var checkpoint = new DqnAgent().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

        var error = Assert.Throws<CheckpointException>(() => QLearningAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.AgentKindMismatch, error.Error);
        Assert.Contains("'dqn'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_FewerMovesInOptionsThanTableColumns_FailsWithTensorMismatch()
    {
        var checkpoint = Trained().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>());
        var threeMoves = new QLearningOptions { InstagramMoves = [-0.1, 0, 0.1], TikTokMoves = [-0.1, 0, 0.1] };
        var json = JsonSerializer.Serialize(threeMoves, QLearningJsonContext.Default.QLearningOptions);

        var error = Assert.Throws<CheckpointException>(() => QLearningAgent.FromCheckpoint(LearningAgentHarness.With(checkpoint, optionsJson: json)));

        Assert.Equal(CheckpointError.TensorMismatch, error.Error);
        Assert.Contains("q_values", error.Message, StringComparison.Ordinal);
        Assert.Contains("[1800, 4]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_TableOfWrongType_FailsWithTensorMismatch()
    {
        var checkpoint = LearningAgentHarness.With(
            Trained().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()),
            tensors: ts => ts.Select(t => t.Name == "q_values" ? CheckpointTensor.FromFloat32("q_values", [StateDiscretizer.StateCount, 6], new float[StateDiscretizer.StateCount * 6]) : t));

        var error = Assert.Throws<CheckpointException>(() => QLearningAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.TensorMismatch, error.Error);
    }

    [Fact]
    public void FromCheckpoint_WithoutVisits_FailsWithMissingTensor()
    {
        var checkpoint = LearningAgentHarness.With(
            Trained().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()), tensors: ts => ts.Where(t => t.Name != "visits"));

        var error = Assert.Throws<CheckpointException>(() => LearningAgents.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.MissingTensor, error.Error);
        Assert.Contains("'visits'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_NegativeVisitCount_FailsWithTensorMismatch()
    {
        var checkpoint = LearningAgentHarness.With(
            Trained().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()),
            tensors: ts => ts.Select(t => t.Name == "counters" ? CheckpointTensor.FromInt64("counters", [-1L, 0L]) : t));

        var error = Assert.Throws<CheckpointException>(() => QLearningAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.TensorMismatch, error.Error);
    }

    [Fact]
    public void FromCheckpoint_LaterAgentVersion_FailsWithUnsupportedVersion()
    {
        var checkpoint = LearningAgentHarness.With(Trained().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()), version: 3);

        var error = Assert.Throws<CheckpointException>(() => QLearningAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.UnsupportedVersion, error.Error);
        Assert.Contains("version 3", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_VersionOneWithoutTheSwitch_FailsWithUnsupportedVersion()
    {
        // Version 1 tables had a column per move and none for the switch to lowest cost.
        var checkpoint = LearningAgentHarness.With(
            Trained().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()),
            version: 1,
            tensors: ts => ts.Select(t => t.Name == "q_values" ? CheckpointTensor.FromFloat64("q_values", [StateDiscretizer.StateCount, 5], new double[StateDiscretizer.StateCount * 5]) : t));

        var error = Assert.Throws<CheckpointException>(() => LearningAgents.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.UnsupportedVersion, error.Error);
        Assert.Contains("version 1; this build reads version 2 only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_GreedySwitch_OfferedOnlyToCappedAdSets()
    {
        // Every row values the switch highest; without exploration a capped ad set switches and one on lowest cost holds.
        var agent = new QLearningAgent(new QLearningOptions { EvaluationEpsilon = 0 }) { Training = false };
        for (var row = 0; row < StateDiscretizer.StateCount; row++)
        {
            agent.Learn(row, agent.SwitchAction, 10, -1);
        }

        var first = LearningAgentHarness.Record(agent, LearningAgentHarness.Small, 1, seed: 1, alter: (i, state) =>
            state with { BidStrategy = i % 2 == 0 ? BidStrategy.CostCap(15m) : BidStrategy.LowestCost })[0];

        for (var i = 0; i < first.Actions.Length; i++)
        {
            var expected = i % 2 == 0 ? AdAction.Keep(first.States[i]) with { BidStrategy = BidStrategy.LowestCost } : AdAction.Keep(first.States[i]);
            Assert.Equal(expected, first.Actions[i]);
            Assert.Equal(1, first.Propensities[i]);
        }
    }

    [Fact]
    public void Decide_Exploring_SwitchesOnlyCappedAdSetsAndFoldsTheSwitchIntoTheHoldOnLowestCost()
    {
        var agent = new QLearningAgent(new QLearningOptions { Epsilon = new DecaySchedule(1, 1, 0) });

        var records = LearningAgentHarness.Record(agent, LearningAgentHarness.Small, 24 * 40, seed: 2, alter: (i, state) =>
            state with { BidStrategy = i % 2 == 0 ? BidStrategy.BidCap(15m) : BidStrategy.LowestCost });

        var decisions = records.Where(h => h.States[0].HourOfDay == 0).ToList();
        var switches = decisions.SelectMany(h => Enumerable.Range(0, h.Actions.Length).Where(i => h.Actions[i].BidStrategy != h.States[i].BidStrategy)).ToList();
        Assert.NotEmpty(switches);
        Assert.All(switches, i => Assert.Equal(0, i % 2));
        Assert.All(decisions, h => Assert.All(
            Enumerable.Range(0, h.Actions.Length).Where(i => h.Actions[i].BidStrategy != h.States[i].BidStrategy),
            i => Assert.Equal((0.0, 1.0 / 6), (h.Actions[i].BudgetAdjustment, h.Propensities[i]))));
        Assert.Contains(decisions, h => h.Actions[1] == AdAction.Keep(h.States[1]) && Math.Abs(h.Propensities[1] - (2.0 / 6)) < 1e-12);
    }

    [Theory]
    [InlineData("{\"gamma\":0.9,\"unknownField\":1}")]
    [InlineData("{\"gamma\":1.5}")]
    [InlineData("{\"instagramMoves\":[-0.1,0.1]}")]
    public void FromCheckpoint_BadOptions_FailsWithInvalidManifest(string json)
    {
        var checkpoint = LearningAgentHarness.With(Trained().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()), optionsJson: json);

        var error = Assert.Throws<CheckpointException>(() => QLearningAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.InvalidManifest, error.Error);
    }

    [Fact]
    public void Reset_NewStore_KeepsTheTableAndCounters()
    {
        var agent = Trained();
        var values = agent.Table.Values.ToArray();
        var metrics = agent.Metrics;
        var otherStore = new SimulatedEnvironment(DefaultFamily.Sample(50, 3));

        agent.Reset(new PolicyContext(otherStore.AdSets, otherStore.Currency, otherStore.Limits, 77));

        Assert.True(agent.Table.Values.SequenceEqual(values));
        Assert.Equal(metrics, agent.Metrics);
        EpisodeRunner.Run(otherStore, agent, 24 * 3, 77, cancellationToken: TestContext.Current.CancellationToken);
        Assert.Equal(metrics.Updates + (3 * 3), agent.Metrics.Updates);
    }

    [Fact]
    public void Training_False_ExploresAtTheFloorAndStillLearns()
    {
        var exploring = LearningAgentHarness.Record(new QLearningAgent(), LearningAgentHarness.Small, 24 * 30, seed: 1);
        var evaluated = new QLearningAgent { Training = false };
        var evaluating = LearningAgentHarness.Record(evaluated, LearningAgentHarness.Small, 24 * 30, seed: 1);

        Assert.Equal(evaluated.Options.EvaluationEpsilon, evaluated.Metrics.Epsilon);
        // Fresh, training explores at ε ≈ 1, where every action has a propensity near 1/6 (the hold on lowest cost 2/6);
        // evaluation picks the greedy action with probability 1 − ε + ε/6 and any other with ε/6, so only its exploratory
        // actions fall below one half.
        Assert.True(LowPropensityShare(exploring) > 0.9, $"training: {LowPropensityShare(exploring):P0} below one half");
        Assert.True(LowPropensityShare(evaluating) < 0.06, $"evaluation: {LowPropensityShare(evaluating):P0} below one half");
        Assert.Equal(4 * 30, evaluated.Metrics.Updates);
    }

    [Fact]
    public void Decide_PausedAdSet_KeepsItAndLearnsNothingFromIt()
    {
        var agent = new QLearningAgent();

        var records = LearningAgentHarness.Record(agent, LearningAgentHarness.Small, 24 * 5, seed: 1, alter: (i, state) => i == 0 ? state with { Status = AdSetStatus.Paused } : state);

        Assert.All(records, hour => Assert.Equal(AdAction.Keep(hour.States[0]), hour.Actions[0]));
        Assert.All(records, hour => Assert.Equal(1, hour.Propensities[0]));
        Assert.Equal(3 * 5, agent.Metrics.Updates);
    }

    [Theory]
    [InlineData(new[] { -0.1, 0.1 }, new[] { -0.1, 0.1 }, 24)]
    [InlineData(new[] { -0.1, 0, 0.1 }, new[] { -0.2, -0.1, 0, 0.1 }, 24)]
    [InlineData(new[] { 0.1, 0, -0.1 }, new[] { -0.1, 0, 0.1 }, 24)]
    [InlineData(new[] { -0.1, 0, 0.1 }, new[] { -0.1, 0, 0.1 }, 5)]
    public void Constructor_InvalidOptions_Throws(double[] instagram, double[] tikTok, int interval)
    {
        var options = new QLearningOptions { InstagramMoves = instagram, TikTokMoves = tikTok, DecisionIntervalHours = interval };

        Assert.ThrowsAny<ArgumentException>(() => new QLearningAgent(options));
    }

    private static double LowPropensityShare(List<LearningAgentHarness.HourRecord> records)
    {
        var decided = records.SelectMany(h => h.Propensities).Where(p => p < 1).ToList();
        return decided.Count(p => p < 0.5) / (double)decided.Count;
    }

    private static QLearningAgent Trained()
    {
        var agent = new QLearningAgent();
        LearningAgentHarness.Train(agent, [DefaultFamily.Sample(2, 4)], days: 10);
        return agent;
    }
}

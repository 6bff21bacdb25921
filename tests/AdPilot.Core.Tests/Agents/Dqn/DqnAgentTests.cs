using System.Text.Json;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class DqnAgentTests
{
    // Small and quick: a 16-16 network trained from the fourth transition on.
    private static readonly DqnAgentOptions Quick = new()
    {
        MinReplayToTrain = 4,
        Learner = new DqnLearnerOptions
        {
            HiddenSizes = [16, 16], BatchSize = 8, ReplayCapacity = 2_000, Gamma = 0.9f, TargetUpdateInterval = 50, Adam = new AdamOptions { LearningRate = 3e-3f },
        },
    };

    [Fact]
    public void Run_MoneyLosingStores_LearnsToCutBudgets()
    {
        var agent = new DqnAgent(Quick with { Seed = 2 });
        LearningAgentHarness.Train(agent, Enumerable.Range(1, 12).Select(s => LearningAgentHarness.MoneyLosing((ulong)s)), days: 20);
        agent.Training = false;

        var heldOut = LearningAgentHarness.MoneyLosing(99);
        var learned = EpisodeRunner.Run(new SimulatedEnvironment(heldOut), agent, 10 * 24, 1, cancellationToken: TestContext.Current.CancellationToken);
        var fixedBudgets = EpisodeRunner.Run(new SimulatedEnvironment(heldOut), new FixedBudgetPolicy(), 10 * 24, 1, cancellationToken: TestContext.Current.CancellationToken);

        Assert.True(learned.Total.AdSpend < 0.6 * fixedBudgets.Total.AdSpend, $"spend {learned.Total.AdSpend:F0} against fixed {fixedBudgets.Total.AdSpend:F0}");
        Assert.True(learned.Total.Profit > fixedBudgets.Total.Profit);
    }

    [Fact]
    public void Decide_SameSeed_SameDecisionsAndParameters()
    {
        var a = new DqnAgent(Quick with { Seed = 3 });
        var b = new DqnAgent(Quick with { Seed = 3 });
        var first = LearningAgentHarness.Record(a, LearningAgentHarness.Small, 24 * 6, seed: 5);
        var second = LearningAgentHarness.Record(b, LearningAgentHarness.Small, 24 * 6, seed: 5);
        var otherSeed = LearningAgentHarness.Record(new DqnAgent(Quick with { Seed = 4 }), LearningAgentHarness.Small, 24 * 6, seed: 5);

        LearningAgentHarness.AssertSameDecisions(first, second);
        Assert.True(a.Learner.Online.Parameters.SequenceEqual(b.Learner.Online.Parameters));
        Assert.True(a.Metrics.Updates > 0);
        Assert.Contains(Enumerable.Range(0, first.Count), t => !first[t].Actions.SequenceEqual(otherSeed[t].Actions));
    }

    [Fact]
    public void Decide_Propensities_AreEpsilonGreedyProbabilities()
    {
        const double epsilon = 0.3;
        var records = LearningAgentHarness.Record(
            new DqnAgent(Quick with { Epsilon = new DecaySchedule(epsilon, epsilon, 0) }), DefaultFamily.Sample(11, 8), 24 * 30, seed: 2);

        // k of the 6 actions propose the same budget and bid (k > 1 at the edge of the budget range, and for the hold on
        // lowest cost, which the switch proposes too), with or without the greedy one.
        var decided = records.SelectMany(h => h.Propensities).Where(p => p < 1).ToList();
        foreach (var p in decided)
        {
            var k = (p > 1 - epsilon ? p - (1 - epsilon) : p) / (epsilon / 6);
            Assert.True(Math.Abs(k - Math.Round(k)) < 1e-9 && Math.Round(k) is >= 1 and <= 6, $"propensity {p} is not epsilon-greedy");
        }

        Assert.InRange(decided.Count, 30 * 8, 31 * 8);
        var greedyShare = 1 - epsilon + (epsilon / 6);
        Assert.InRange(decided.Count(p => p > 1 - epsilon) / (double)decided.Count, greedyShare - 0.07, greedyShare + (epsilon / 6) + 0.07);
    }

    [Fact]
    public void FromCheckpoint_RoundTrip_DecidesIdenticallyWithEqualMetrics()
    {
        var agent = new DqnAgent(Quick with { Seed = 21 });
        LearningAgentHarness.Train(agent, Enumerable.Range(1, 4).Select(s => DefaultFamily.Sample((ulong)s, 4)), days: 15);

        var loaded = Assert.IsType<DqnAgent>(LearningAgentHarness.RoundTrip(agent));

        Assert.Equal(agent.Metrics, loaded.Metrics);
        Assert.True(agent.Learner.Online.Parameters.SequenceEqual(loaded.Learner.Online.Parameters));
        Assert.True(agent.Learner.Target.Parameters.SequenceEqual(loaded.Learner.Target.Parameters));
        Assert.True(agent.Learner.Optimizer.SecondMoment.SequenceEqual(loaded.Learner.Optimizer.SecondMoment));
        Assert.Equal(agent.Learner.Optimizer.StepCount, loaded.Learner.Optimizer.StepCount);
        Assert.True(agent.Learner.Normalizer.Mean.SequenceEqual(loaded.Learner.Normalizer.Mean));
        Assert.Equal(agent.Learner.Normalizer.Count, loaded.Learner.Normalizer.Count);
        Assert.Equal(0, loaded.Learner.Replay.Count);

        // Without the replay the two diverge once they train; with gradient steps held off they decide alike.
        var noTraining = Quick with { MinReplayToTrain = 1_000_000 };
        var frozen = DqnAgent.FromCheckpoint(LearningAgentHarness.With(
            agent.ToCheckpoint("a", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()),
            optionsJson: JsonSerializer.Serialize(noTraining with { Seed = 21 }, DqnAgentJsonContext.Default.DqnAgentOptions)));
        var frozenLoaded = Assert.IsType<DqnAgent>(LearningAgentHarness.RoundTrip(frozen));
        frozen.Training = frozenLoaded.Training = false;
        var expected = LearningAgentHarness.Record(frozen, LearningAgentHarness.Small, 24 * 10, seed: 4);
        var actual = LearningAgentHarness.Record(frozenLoaded, LearningAgentHarness.Small, 24 * 10, seed: 4);
        LearningAgentHarness.AssertSameDecisions(expected, actual);
        Assert.Equal(frozen.Metrics, frozenLoaded.Metrics);
    }

    [Fact]
    public void FromCheckpoint_FreshReplays_DecideIdenticallyWhileLearning()
    {
        var agent = new DqnAgent(Quick with { Seed = 8 });
        LearningAgentHarness.Train(agent, [DefaultFamily.Sample(5, 4)], days: 10);
        var first = Assert.IsType<DqnAgent>(LearningAgentHarness.RoundTrip(agent));
        var second = Assert.IsType<DqnAgent>(LearningAgentHarness.RoundTrip(agent));

        var expected = LearningAgentHarness.Record(first, LearningAgentHarness.Small, 24 * 10, seed: 4);
        var actual = LearningAgentHarness.Record(second, LearningAgentHarness.Small, 24 * 10, seed: 4);

        LearningAgentHarness.AssertSameDecisions(expected, actual);
        Assert.Equal(first.Metrics, second.Metrics);
        Assert.True(first.Metrics.Updates > agent.Metrics.Updates);
    }

    [Fact]
    public void FromCheckpoint_QLearningCheckpoint_FailsWithAgentKindMismatch()
    {
        var checkpoint = new QLearningAgent().ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>());

        var error = Assert.Throws<CheckpointException>(() => DqnAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.AgentKindMismatch, error.Error);
        Assert.Contains("'qlearning'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_WiderNetworkInOptions_FailsWithTensorMismatch()
    {
        var checkpoint = new DqnAgent(Quick).ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>());
        var wider = Quick with { Learner = Quick.Learner with { HiddenSizes = [32, 16] } };
        var json = JsonSerializer.Serialize(wider, DqnAgentJsonContext.Default.DqnAgentOptions);

        var error = Assert.Throws<CheckpointException>(() => DqnAgent.FromCheckpoint(LearningAgentHarness.With(checkpoint, optionsJson: json)));

        Assert.Equal(CheckpointError.TensorMismatch, error.Error);
        Assert.Contains("[28, 16, 16, 6]", error.Message, StringComparison.Ordinal);
        Assert.Contains("[28, 32, 16, 6]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_NormaliserOfOtherWidth_FailsWithTensorMismatch()
    {
        var checkpoint = LearningAgentHarness.With(
            new DqnAgent(Quick).ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()),
            tensors: ts => ts.Select(t => t.Name == "normalizer_mean" ? CheckpointTensor.FromFloat64("normalizer_mean", new double[20]) : t));

        var error = Assert.Throws<CheckpointException>(() => LearningAgents.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.TensorMismatch, error.Error);
        Assert.Contains("[28]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_WithoutTargetNetwork_FailsWithMissingTensor()
    {
        var checkpoint = LearningAgentHarness.With(
            new DqnAgent(Quick).ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()), tensors: ts => ts.Where(t => t.Name != "target"));

        var error = Assert.Throws<CheckpointException>(() => DqnAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.MissingTensor, error.Error);
    }

    [Fact]
    public void FromCheckpoint_LaterAgentVersion_FailsWithUnsupportedVersion()
    {
        var checkpoint = LearningAgentHarness.With(new DqnAgent(Quick).ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()), version: 3);

        var error = Assert.Throws<CheckpointException>(() => DqnAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.UnsupportedVersion, error.Error);
    }

    [Fact]
    public void FromCheckpoint_VersionOneWithoutTheSwitch_FailsWithUnsupportedVersion()
    {
        var checkpoint = LearningAgentHarness.With(new DqnAgent(Quick).ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()), version: 1);

        var error = Assert.Throws<CheckpointException>(() => LearningAgents.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.UnsupportedVersion, error.Error);
        Assert.Contains("version 1; this build reads version 2 only", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decide_Exploring_SwitchesOnlyCappedAdSetsAndFoldsTheSwitchIntoTheHoldOnLowestCost()
    {
        var agent = new DqnAgent(Quick with { Epsilon = new DecaySchedule(1, 1, 0) });

        var records = LearningAgentHarness.Record(agent, LearningAgentHarness.Small, 24 * 40, seed: 2, alter: (i, state) =>
            state with { BidStrategy = i % 2 == 0 ? BidStrategy.CostCap(15m) : BidStrategy.LowestCost });

        Assert.Equal(6, agent.ActionCount);
        Assert.Equal(6, agent.Learner.Online.LayerWidth(agent.Learner.Online.LayerCount));
        var decisions = records.Where(h => h.States[0].HourOfDay == 0).ToList();
        var switches = decisions.SelectMany(h => Enumerable.Range(0, h.Actions.Length).Where(i => h.Actions[i].BidStrategy != h.States[i].BidStrategy)).ToList();
        Assert.NotEmpty(switches);
        Assert.All(switches, i => Assert.Equal(0, i % 2));
        Assert.All(decisions, h => Assert.All(
            Enumerable.Range(0, h.Actions.Length).Where(i => h.Actions[i].BidStrategy != h.States[i].BidStrategy),
            i => Assert.Equal((0.0, 1.0 / 6), (h.Actions[i].BudgetAdjustment, h.Propensities[i]))));
        Assert.All(decisions, h => Assert.Equal(BidStrategy.LowestCost, h.Actions[1].BidStrategy));
        Assert.Contains(decisions, h => h.Actions[1] == AdAction.Keep(h.States[1]) && Math.Abs(h.Propensities[1] - (2.0 / 6)) < 1e-12);
    }

    [Fact]
    public void FromCheckpoint_OptionsOutOfRange_FailsWithInvalidManifest()
    {
        var checkpoint = LearningAgentHarness.With(
            new DqnAgent(Quick).ToCheckpoint("run", DateTimeOffset.UnixEpoch, new Dictionary<string, string>()), optionsJson: "{\"trainStepsPerTransition\":0}");

        var error = Assert.Throws<CheckpointException>(() => DqnAgent.FromCheckpoint(checkpoint));

        Assert.Equal(CheckpointError.InvalidManifest, error.Error);
    }

    [Fact]
    public void Reset_NewStore_KeepsWeightsNormaliserAndCounters()
    {
        var agent = new DqnAgent(Quick);
        LearningAgentHarness.Train(agent, [DefaultFamily.Sample(2, 4)], days: 10);
        var weights = agent.Learner.Online.Parameters.ToArray();
        var metrics = agent.Metrics;
        var seen = agent.Learner.Normalizer.Count;
        var otherStore = new SimulatedEnvironment(DefaultFamily.Sample(50, 3));

        agent.Reset(new PolicyContext(otherStore.AdSets, otherStore.Currency, otherStore.Limits, 77));

        Assert.True(agent.Learner.Online.Parameters.SequenceEqual(weights));
        Assert.Equal(metrics, agent.Metrics);
        Assert.Equal(seen, agent.Learner.Normalizer.Count);
    }

    [Fact]
    public void Training_False_ExploresAtTheFloorAndStillLearns()
    {
        var exploring = LearningAgentHarness.Record(new DqnAgent(Quick), LearningAgentHarness.Small, 24 * 20, seed: 1);
        var evaluated = new DqnAgent(Quick) { Training = false };
        var evaluating = LearningAgentHarness.Record(evaluated, LearningAgentHarness.Small, 24 * 20, seed: 1);

        Assert.Equal(evaluated.Options.EvaluationEpsilon, evaluated.Metrics.Epsilon);
        Assert.True(LowPropensityShare(exploring) > 0.9);
        Assert.True(LowPropensityShare(evaluating) < 0.08, $"evaluation: {LowPropensityShare(evaluating):P0} below one half");
        Assert.True(evaluated.Metrics.Updates > 0);
        Assert.NotNull(evaluated.Metrics.Loss);
        Assert.Equal(evaluated.Learner.Online.ParameterCount, evaluated.Metrics.TableSize);
    }

    [Fact]
    public void Decide_PausedAdSet_KeepsItAndAddsNoTransition()
    {
        var agent = new DqnAgent(Quick);

        var records = LearningAgentHarness.Record(agent, LearningAgentHarness.Small, 24 * 5, seed: 1, alter: (i, state) => i == 0 ? state with { Status = AdSetStatus.Paused } : state);

        Assert.All(records, hour => Assert.Equal(AdAction.Keep(hour.States[0]), hour.Actions[0]));
        Assert.All(records, hour => Assert.Equal(1, hour.Propensities[0]));
        Assert.Equal(3 * 5, agent.Learner.Replay.Count);
    }

    [Fact]
    public void Constructor_MismatchedMoves_Throws()
    {
        Assert.ThrowsAny<ArgumentException>(() => new DqnAgent(Quick with { TikTokMoves = [-0.2, 0, 0.2] }));
    }

    private static double LowPropensityShare(List<LearningAgentHarness.HourRecord> records)
    {
        var decided = records.SelectMany(h => h.Propensities).Where(p => p < 1).ToList();
        return decided.Count(p => p < 0.5) / (double)decided.Count;
    }
}

using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Agents.Bandit;

/// <summary>The bandit as a learning agent: its family prior, warm start and checkpoints.</summary>
public sealed class BudgetBanditLearningTests
{
    private const int TrainingEpisodes = 40;
    private static readonly DateTimeOffset CreatedAt = new(2026, 11, 23, 12, 0, 0, TimeSpan.Zero);
    private static readonly Lazy<Checkpoint> Trained = new(Train);

    [Fact]
    public void FromCheckpoint_RoundTripThroughBytes_DecidesExactlyAsTheSavedAgent()
    {
        var bytes = CheckpointFormat.Serialize(Trained.Value);
        var original = BudgetBanditPolicy.FromCheckpoint(Trained.Value);
        var loaded = LearningAgents.FromCheckpoint(CheckpointFormat.Deserialize(bytes, "bandit"));
        original.Training = false;
        loaded.Training = false;
        var scenario = DefaultFamily.Sample(1001, 8);

        var expected = EpisodeRunner.Run(new SimulatedEnvironment(scenario), original, 24 * 14, 7, cancellationToken: TestContext.Current.CancellationToken);
        var actual = EpisodeRunner.Run(new SimulatedEnvironment(scenario), loaded, 24 * 14, 7, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(expected.Total, actual.Total);
        Assert.Equal(expected.DailyProfit, actual.DailyProfit);
        Assert.Equal(Trained.Value.Tensors, loaded.ToCheckpoint("again", CreatedAt, new Dictionary<string, string>()).Tensors);
    }

    [Fact]
    public void Run_WarmStartedFromTraining_EarnsMoreThanFromScratchOnUnseenStores()
    {
        var unseen = Enumerable.Range(1001, 4).Select(s => DefaultFamily.Sample((ulong)s, 8)).ToArray();
        double Profit(Func<ILearningAgent> create) => unseen.Sum(scenario =>
        {
            var agent = create();
            agent.Training = false;
            return EpisodeRunner.Run(new SimulatedEnvironment(scenario), agent, 24 * 30, scenario.Seed, cancellationToken: TestContext.Current.CancellationToken).Total.Profit;
        });

        var warm = Profit(() => LearningAgents.FromCheckpoint(Trained.Value));
        var scratch = Profit(() => LearningAgents.Create("bandit", 1));

        Assert.True(warm > scratch * 1.1, $"warm {warm:F0} against scratch {scratch:F0}");
    }

    [Fact]
    public void Reset_NewEpisode_KeepsTheFamilyPriorAndEvaluationLeavesItUnchanged()
    {
        var agent = BudgetBanditPolicy.FromCheckpoint(Trained.Value);
        agent.Training = false;
        var before = agent.Metrics.TableSize;

        EpisodeRunner.Run(new SimulatedEnvironment(DefaultFamily.Sample(1005, 8)), agent, 24 * 10, 1, cancellationToken: TestContext.Current.CancellationToken);
        agent.Reset(new PolicyContext([], "USD", new ActionLimits(), 2));

        Assert.True(before > 0);
        Assert.Equal(before, agent.Metrics.TableSize);
        Assert.Equal(Trained.Value.Tensors, agent.ToCheckpoint("eval", CreatedAt, new Dictionary<string, string>()).Tensors);
    }

    [Fact]
    public void ToCheckpoint_MidEpisode_IncludesTheEpisodeSoFarAndTheEpisodeCarriesOn()
    {
        var agent = new BudgetBanditPolicy(seed: 3);
        var world = new SimulatedEnvironment(DefaultFamily.Sample(11, 8));
        var before = agent.ToCheckpoint("before", CreatedAt, new Dictionary<string, string>());

        EpisodeRunner.Run(world, agent, 24 * 10, 1, cancellationToken: TestContext.Current.CancellationToken);
        var midway = agent.ToCheckpoint("midway", CreatedAt, new Dictionary<string, string>());
        var actions = new AdAction[8];
        var propensities = new double[8];
        var states = world.Reset().States.ToArray();
        agent.Decide(new DecisionContext(240, world.StartUtc, states), actions, propensities);

        Assert.NotEqual(before.Tensors, midway.Tensors);
        Assert.Equal(midway.Tensors, agent.ToCheckpoint("again", CreatedAt, new Dictionary<string, string>()).Tensors);
    }

    [Fact]
    public void FromCheckpoint_AnotherAgentsKind_FailsWithKindMismatch()
    {
        var other = Trained.Value with { AgentKind = "dqn" };

        var error = Assert.Throws<CheckpointException>(() => BudgetBanditPolicy.FromCheckpoint(other));

        Assert.Equal(CheckpointError.AgentKindMismatch, error.Error);
    }

    [Fact]
    public void FromCheckpoint_NewerVersion_FailsWithUnsupportedVersion()
    {
        var error = Assert.Throws<CheckpointException>(() => BudgetBanditPolicy.FromCheckpoint(Trained.Value with { AgentVersion = 99 }));

        Assert.Equal(CheckpointError.UnsupportedVersion, error.Error);
    }

    [Fact]
    public void FromCheckpoint_MissingPriorTensor_FailsWithMissingTensor()
    {
        var incomplete = Trained.Value with { Tensors = Trained.Value.Tensors.Where(t => t.Name != "prior.curve").ToArray() };

        var error = Assert.Throws<CheckpointException>(() => LearningAgents.FromCheckpoint(incomplete));

        Assert.Equal(CheckpointError.MissingTensor, error.Error);
        Assert.Contains("prior.curve", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void FromCheckpoint_MisshapenPriorTensor_FailsWithTensorMismatch()
    {
        var misshapen = Trained.Value with
        {
            Tensors = [.. Trained.Value.Tensors.Where(t => t.Name != "prior.learning"), CheckpointTensor.FromFloat64("prior.learning", [1.0, 2.0])],
        };

        var error = Assert.Throws<CheckpointException>(() => BudgetBanditPolicy.FromCheckpoint(misshapen));

        Assert.Equal(CheckpointError.TensorMismatch, error.Error);
    }

    [Fact]
    public void FromCheckpoint_OptionsOfAnotherShape_FailsWithInvalidManifest()
    {
        var error = Assert.Throws<CheckpointException>(() => BudgetBanditPolicy.FromCheckpoint(Trained.Value with { OptionsJson = """{"hiddenLayers":[64,64]}""" }));

        Assert.Equal(CheckpointError.InvalidManifest, error.Error);
    }

    [Fact]
    public void ToCheckpoint_KeepsOptionsAndMetadata()
    {
        var options = new BudgetBanditOptions { JumpHorizonDays = 9, JumpMoves = [0.5] };
        var agent = new BudgetBanditPolicy(options, seed: 4);

        var checkpoint = agent.ToCheckpoint("run", CreatedAt, new Dictionary<string, string> { ["episodes"] = "0" });
        var loaded = BudgetBanditPolicy.FromCheckpoint(checkpoint);

        Assert.Equal("bandit", checkpoint.AgentKind);
        Assert.Equal("0", checkpoint.Metadata["episodes"]);
        Assert.Equal(9, loaded.Options.JumpHorizonDays);
        Assert.Equal([0.5], loaded.Options.JumpMoves);
    }

    private static Checkpoint Train()
    {
        var agent = LearningAgents.Create("bandit", 1);
        for (var e = 1; e <= TrainingEpisodes; e++)
        {
            EpisodeRunner.Run(new SimulatedEnvironment(DefaultFamily.Sample((ulong)e, 8)), agent, 24 * 30, (ulong)e);
        }

        return agent.ToCheckpoint("test", CreatedAt, new Dictionary<string, string> { ["episodes"] = TrainingEpisodes.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    }
}

using System.Text.Json;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Core.Tests.Training;

public sealed class AgentTrainerTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("adpilot-train-").FullName;
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 12, 0, 0, TimeSpan.Zero));

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task TrainAsync_FamilyRun_WritesAMetricsLinePerEpisodeAndNumberedAndLatestCheckpoints()
    {
        var run = Run(Path.Combine(_directory, "a"), episodes: 4, firstSeed: 7);
        var agent = new TallyAgent();

        var summary = await new AgentTrainer(_time).TrainAsync(agent, run, cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(4, summary.EpisodesRun);
        Assert.Equal(4, agent.Resets);
        var lines = ReadMetrics(summary.MetricsPath);
        Assert.Equal([0, 1, 2, 3], lines.Select(m => m.Episode));
        Assert.Equal([7UL, 8UL, 9UL, 10UL], lines.Select(m => m.ScenarioSeed));
        Assert.All(lines, m => Assert.Equal(m.Profit / 2, m.ProfitPerDay, 9));
        Assert.Equal(lines.Select(m => m.ProfitPerDay).Average(), lines[^1].RewardTrend, 9);
        Assert.Equal(4 * 8 * 48, lines[^1].Updates);
        Assert.True(File.Exists(Path.Combine(run.OutputDirectory, "episode-000002.ckpt")));
        Assert.True(File.Exists(Path.Combine(run.OutputDirectory, "episode-000004.ckpt")));
        Assert.False(File.Exists(Path.Combine(run.OutputDirectory, "episode-000003.ckpt")));

        var latest = await ReadCheckpointAsync(summary.LatestCheckpoint);
        Assert.Equal(4, TrainingMetadata.EpisodesOf(latest));
        Assert.Equal((7UL, 10UL), TrainingMetadata.FamilySeedsOf(latest));
        Assert.Equal("family:default", latest.Metadata[TrainingMetadata.Source]);
        Assert.Equal("run-1", latest.RunId);
        Assert.Equal(_time.GetUtcNow(), latest.CreatedAt);
        Assert.Empty(Directory.GetFiles(run.OutputDirectory, "*.tmp"));
    }

    [Fact]
    public async Task TrainAsync_ResumedFromAMiddleCheckpoint_EndsExactlyAsAnUninterruptedRun()
    {
        var ct = TestContext.Current.CancellationToken;
        var straight = Run(Path.Combine(_directory, "straight"), episodes: 4);
        await new AgentTrainer(_time).TrainAsync(new TallyAgent(), straight, cancellationToken: ct);

        var interrupted = Run(Path.Combine(_directory, "interrupted"), episodes: 2);
        await new AgentTrainer(_time).TrainAsync(new TallyAgent(), interrupted, cancellationToken: ct);
        var middle = await ReadCheckpointAsync(Path.Combine(interrupted.OutputDirectory, "episode-000002.ckpt"));
        var resumed = interrupted with { Episodes = 4, StartEpisode = TrainingMetadata.EpisodesOf(middle) };
        var summary = await new AgentTrainer(_time).TrainAsync(TallyAgent.FromCheckpoint(middle), resumed, cancellationToken: ct);

        Assert.Equal(2, summary.EpisodesRun);
        Assert.Equal(
            ReadMetrics(Path.Combine(straight.OutputDirectory, AgentTrainer.MetricsFileName)).Select(m => (m.Episode, m.Profit, m.RewardTrend, m.Updates)),
            ReadMetrics(summary.MetricsPath).Select(m => (m.Episode, m.Profit, m.RewardTrend, m.Updates)));
        var expected = await ReadCheckpointAsync(Path.Combine(straight.OutputDirectory, AgentTrainer.LatestCheckpointName));
        var actual = await ReadCheckpointAsync(summary.LatestCheckpoint);
        Assert.Equal(expected.Tensors, actual.Tensors);
        Assert.Equal(expected.Metadata, actual.Metadata);
    }

    [Theory]
    [InlineData("qlearning")]
    [InlineData("bandit")]
    public async Task TrainAsync_RealAgentResumedFromAMiddleCheckpoint_LearnsExactlyWhatAnUninterruptedRunLearns(string kind)
    {
        var ct = TestContext.Current.CancellationToken;
        var straight = Run(Path.Combine(_directory, kind + "-straight"), episodes: 4) with { DaysPerEpisode = 4 };
        await new AgentTrainer(_time).TrainAsync(LearningAgents.Create(kind, 5), straight, cancellationToken: ct);
        var interrupted = straight with { OutputDirectory = Path.Combine(_directory, kind + "-interrupted"), Episodes = 2 };
        await new AgentTrainer(_time).TrainAsync(LearningAgents.Create(kind, 5), interrupted, cancellationToken: ct);

        var middle = await ReadCheckpointAsync(Path.Combine(interrupted.OutputDirectory, AgentTrainer.LatestCheckpointName));
        var summary = await new AgentTrainer(_time).TrainAsync(
            LearningAgents.FromCheckpoint(middle), interrupted with { Episodes = 4, StartEpisode = 2 }, cancellationToken: ct);

        var expected = await ReadCheckpointAsync(Path.Combine(straight.OutputDirectory, AgentTrainer.LatestCheckpointName));
        var actual = await ReadCheckpointAsync(summary.LatestCheckpoint);
        Assert.Equal(expected.Tensors, actual.Tensors);
        Assert.Equal(
            ReadMetrics(Path.Combine(straight.OutputDirectory, AgentTrainer.MetricsFileName)).Select(m => m.Profit),
            ReadMetrics(summary.MetricsPath).Select(m => m.Profit));
    }

    [Fact]
    public async Task TrainAsync_Resumed_DropsMetricsWrittenAfterTheCheckpointAndAHalfWrittenLine()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Run(Path.Combine(_directory, "crash"), episodes: 3, checkpointEvery: 2);
        await new AgentTrainer(_time).TrainAsync(new TallyAgent(), run, cancellationToken: ct);
        var metricsPath = Path.Combine(run.OutputDirectory, AgentTrainer.MetricsFileName);
        await File.AppendAllTextAsync(metricsPath, "{\"episode\":3,\"scen", ct);
        var middle = await ReadCheckpointAsync(Path.Combine(run.OutputDirectory, "episode-000002.ckpt"));

        await new AgentTrainer(_time).TrainAsync(TallyAgent.FromCheckpoint(middle), run with { Episodes = 4, StartEpisode = 2 }, cancellationToken: ct);

        Assert.Equal([0, 1, 2, 3], ReadMetrics(metricsPath).Select(m => m.Episode));
    }

    [Fact]
    public async Task TrainAsync_CancelledBetweenCheckpoints_CheckpointsTheEpisodesFinished()
    {
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var run = Run(Path.Combine(_directory, "cancel"), episodes: 5, checkpointEvery: 10);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => new AgentTrainer(_time).TrainAsync(
            new TallyAgent(), run, onEpisode: m => { if (m.Episode == 1) { cancellation.Cancel(); } }, cancellationToken: cancellation.Token));

        var latest = await ReadCheckpointAsync(Path.Combine(run.OutputDirectory, AgentTrainer.LatestCheckpointName));
        Assert.Equal(2, TrainingMetadata.EpisodesOf(latest));
        Assert.Equal([0, 1], ReadMetrics(Path.Combine(run.OutputDirectory, AgentTrainer.MetricsFileName)).Select(m => m.Episode));
    }

    [Fact]
    public async Task TrainAsync_FreshRunInAUsedDirectory_StartsANewMetricsFile()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = Run(Path.Combine(_directory, "again"), episodes: 2);
        await new AgentTrainer(_time).TrainAsync(new TallyAgent(), run, cancellationToken: ct);
        var summary = await new AgentTrainer(_time).TrainAsync(new TallyAgent(), run, cancellationToken: ct);

        Assert.Equal([0, 1], ReadMetrics(summary.MetricsPath).Select(m => m.Episode));
    }

    [Fact]
    public void TrainingScenarios_FromList_TakesScenariosInTurnWithFreshSeedsEachPass()
    {
        var a = DefaultFamily.Sample(3) with { Name = "a" };
        var b = DefaultFamily.Sample(4) with { Name = "b" };
        var scenarios = TrainingScenarios.FromList([a, b]);

        Assert.Equal(["a", "b", "a", "b"], Enumerable.Range(0, 4).Select(e => scenarios.For(e).Name));
        Assert.Equal([a.Seed, b.Seed, a.Seed + 1, b.Seed + 1], Enumerable.Range(0, 4).Select(e => scenarios.For(e).Seed));
        Assert.Null(scenarios.FamilySeeds(4));
        Assert.Equal("scenarios:a,b", scenarios.Source);
    }

    [Fact]
    public void PolicySeedFor_DiffersByEpisodeAndRunSeed()
    {
        var run = Run(_directory, episodes: 1);

        Assert.NotEqual(run.PolicySeedFor(0), run.PolicySeedFor(1));
        Assert.NotEqual(run.PolicySeedFor(0), (run with { Seed = 2 }).PolicySeedFor(0));
        Assert.Equal(run.PolicySeedFor(3), (run with { Episodes = 9 }).PolicySeedFor(3));
    }

    private static TrainingRun Run(string directory, int episodes, ulong firstSeed = 1, int checkpointEvery = 2) => new()
    {
        Scenarios = TrainingScenarios.Family(firstSeed, adSets: 8),
        Episodes = episodes,
        DaysPerEpisode = 2,
        Seed = 1,
        RunId = "run-1",
        OutputDirectory = directory,
        CheckpointEvery = checkpointEvery,
    };

    private static List<EpisodeMetrics> ReadMetrics(string path) =>
        [.. File.ReadAllLines(path).Select(line => JsonSerializer.Deserialize<EpisodeMetrics>(line, JsonSerializerOptions.Web)!)];

    private static async Task<Checkpoint> ReadCheckpointAsync(string path)
    {
        await using var stream = File.OpenRead(path);
        return await CheckpointFormat.ReadAsync(stream, null, TestContext.Current.CancellationToken);
    }
}

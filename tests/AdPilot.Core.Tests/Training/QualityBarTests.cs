using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Training;

/// <summary>
/// The quality bar, measured the way <c>adpilot train</c> and <c>adpilot evaluate</c> measure it with their
/// defaults: the bandit trained on family seeds 1–200 (30 days each), then a fresh copy from its checkpoint, still
/// learning online, on the 20 held-out scenarios 1001–1020 for 30 days beside the oracle and every baseline.
/// </summary>
public sealed class QualityBarTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("adpilot-quality-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public async Task WarmStartedBandit_OnHeldOutScenarios_ReachesEightyFivePercentOfTheOracleAndBeatsTheBestBaseline()
    {
        var ct = TestContext.Current.CancellationToken;
        var run = new TrainingRun
        {
            Scenarios = TrainingScenarios.Family(1),
            Episodes = 200,
            DaysPerEpisode = 30,
            Seed = 1,
            RunId = "quality-bar",
            OutputDirectory = _directory,
            CheckpointEvery = 200,
        };
        var summary = await new AgentTrainer(TimeProvider.System).TrainAsync(LearningAgents.Create("bandit", run.Seed), run, cancellationToken: ct);
        var checkpoint = CheckpointFormat.Deserialize(await File.ReadAllBytesAsync(summary.LatestCheckpoint, ct));
        var heldOut = Enumerable.Range(1001, 20).Select(seed => DefaultFamily.Sample((ulong)seed)).ToList();

        var report = PolicyEvaluation.Run(heldOut, 30, _ => Evaluated(checkpoint), cancellationToken: ct);

        var agent = report.Policies[^1];
        Assert.Equal("agent", agent.Name);
        Assert.True(agent.FractionOfOracle >= 0.85, $"the bandit earned {agent.FractionOfOracle:P1} of the oracle's profit");
        Assert.True(report.CandidateMinusBestBaseline!.Lower > 0, $"the interval against {report.BestBaseline} is [{report.CandidateMinusBestBaseline.Lower:N0}, {report.CandidateMinusBestBaseline.Upper:N0}]");
        Assert.True(agent.Total.Profit > report.Policies.Single(p => p.Name == report.BestBaseline).Total.Profit);
    }

    private static IPolicy Evaluated(Checkpoint checkpoint)
    {
        var agent = LearningAgents.FromCheckpoint(checkpoint);
        agent.Training = false;
        return agent;
    }
}

using AdPilot.Core.Agents;
using AdPilot.Core.Training;
using BenchmarkDotNet.Attributes;
using BenchmarkDotNet.Engines;

namespace AdPilot.Benchmarks.Agents;

/// <summary>
/// Training 200 simulated days on the default family, the way <c>adpilot train</c> does it: 10 episodes of 20 days,
/// each a fresh family draw of 8 ad sets, the agent learning online every simulated hour, metrics and checkpoints
/// written as in a real run. One invocation is the whole 200 days. Target: under a minute for Q-learning and the bandit.
/// </summary>
[SimpleJob(RunStrategy.Monitoring, launchCount: 1, warmupCount: 1, iterationCount: 5)]
[MemoryDiagnoser]
public class TrainingBenchmarks
{
    private const int Episodes = 10;
    private const int DaysPerEpisode = 20;

    private string _directory = null!;

    /// <summary>Gets or sets the agent trained.</summary>
    [Params("qlearning", "bandit", "dqn")]
    public string Agent { get; set; } = "bandit";

    [GlobalSetup]
    public void Setup() => _directory = Directory.CreateTempSubdirectory("adpilot-bench-train-").FullName;

    [GlobalCleanup]
    public void Cleanup() => Directory.Delete(_directory, recursive: true);

    [Benchmark]
    public double Train200Days()
    {
        var run = new TrainingRun
        {
            Scenarios = TrainingScenarios.Family(1),
            Episodes = Episodes,
            DaysPerEpisode = DaysPerEpisode,
            Seed = 1,
            RunId = "bench",
            OutputDirectory = _directory,
        };
        var summary = new AgentTrainer(TimeProvider.System).TrainAsync(LearningAgents.Create(Agent, 1), run).GetAwaiter().GetResult();
        return summary.Last!.RewardTrend;
    }
}

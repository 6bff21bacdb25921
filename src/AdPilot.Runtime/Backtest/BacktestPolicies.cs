using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Training;
using AdPilot.Runtime.Demo;

namespace AdPilot.Runtime.Backtest;

/// <summary>
/// The policies a backtest replays: a baseline by name (<c>fixed</c>, <c>rules</c>, <c>proportional</c>), a learning agent
/// from its checkpoint file, or by default the contextual bandit pretrained in the simulator as <c>adpilot demo</c>
/// pretrains it (on family seeds far from any store), cached so the next backtest loads it.
/// </summary>
public static class BacktestPolicies
{
    /// <summary>The baselines a backtest runs by name.</summary>
    public static readonly IReadOnlyList<string> Baselines = ["fixed", "rules", "proportional"];

    /// <summary>The default number of simulated stores the bandit is pretrained on, as the demo's.</summary>
    public const int DefaultPretrainEpisodes = 100;

    /// <summary>Creates the policy.</summary>
    /// <param name="choice">A baseline's name, a checkpoint file, or null (or <c>bandit</c>) for the pretrained bandit.</param>
    /// <param name="seed">The seed of the policy's randomness and of pretraining.</param>
    /// <param name="cacheDirectory">Where the pretrained bandit's checkpoint is kept between backtests.</param>
    /// <param name="pretrainEpisodes">How many simulated stores the bandit is pretrained on when no cached checkpoint has that many.</param>
    /// <param name="time">The clock (pretraining's timings).</param>
    /// <param name="onStep">Told what is happening, for a status line.</param>
    /// <param name="cancellationToken">Cancels pretraining or the read.</param>
    /// <returns>The policy.</returns>
    /// <exception cref="FileNotFoundException">The choice is no baseline and no file.</exception>
    /// <exception cref="CheckpointException">The file is not a usable checkpoint.</exception>
    public static async Task<BacktestPolicy> CreateAsync(
        string? choice, ulong seed, string cacheDirectory, int pretrainEpisodes, TimeProvider time, Action<string>? onStep, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(cacheDirectory);
        ArgumentNullException.ThrowIfNull(time);
        switch (choice)
        {
            case "fixed":
                return new BacktestPolicy(new FixedBudgetPolicy(), "fixed", null, null);
            case "rules":
                return new BacktestPolicy(new RulesPolicy(), "rules", null, null);
            case "proportional":
                return new BacktestPolicy(new ProportionalPolicy(), "proportional", null, null);
            case null or "bandit":
                var cached = Path.Combine(cacheDirectory, string.Create(CultureInfo.InvariantCulture, $"pretrained-bandit-s{seed}-e{pretrainEpisodes}.ckpt"));
                if (!File.Exists(cached))
                {
                    onStep?.Invoke(string.Create(CultureInfo.InvariantCulture, $"Pretraining the bandit on {pretrainEpisodes} simulated stores (cached in {cached})"));
                    await PretrainAsync(seed, pretrainEpisodes, cached, time, cancellationToken).ConfigureAwait(false);
                }

                return await LoadAsync(cached, cancellationToken).ConfigureAwait(false);
            default:
                if (!File.Exists(choice))
                {
                    throw new FileNotFoundException(
                        $"'{choice}' is neither {string.Join(", ", Baselines)} nor bandit, nor a checkpoint file that exists", choice);
                }

                return await LoadAsync(choice, cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task<BacktestPolicy> LoadAsync(string path, CancellationToken cancellationToken)
    {
        var stream = File.OpenRead(path);
        await using (stream.ConfigureAwait(false))
        {
            var checkpoint = await CheckpointFormat.ReadAsync(stream, null, cancellationToken).ConfigureAwait(false);
            var agent = LearningAgents.FromCheckpoint(checkpoint);
            agent.Training = false;
            return new BacktestPolicy(agent, checkpoint.AgentKind, Path.GetFullPath(path), $"{checkpoint.RunId}@{checkpoint.CreatedAt:yyyy-MM-ddTHH}Z");
        }
    }

    /// <summary>Pretrains the bandit as the demo does and moves its checkpoint into the cache (a temporary folder meanwhile, so a cut-off run leaves no half file).</summary>
    private static async Task PretrainAsync(ulong seed, int episodes, string cached, TimeProvider time, CancellationToken cancellationToken)
    {
        var folder = Directory.CreateTempSubdirectory("adpilot-pretrain-").FullName;
        try
        {
            var run = new TrainingRun
            {
                Scenarios = TrainingScenarios.Family(DemoRunner.TrainingFirstSeed),
                Episodes = episodes,
                DaysPerEpisode = 30,
                Seed = seed,
                CheckpointEvery = episodes,
                OutputDirectory = folder,
                RunId = string.Create(CultureInfo.InvariantCulture, $"backtest-bandit-s{seed}"),
            };
            await new AgentTrainer(time).TrainAsync(LearningAgents.Create("bandit", seed), run, cancellationToken: cancellationToken).ConfigureAwait(false);
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(cached))!);
            File.Copy(Path.Combine(folder, AgentTrainer.LatestCheckpointName), cached + ".tmp", overwrite: true);
            File.Move(cached + ".tmp", cached, overwrite: true);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}

using System.Globalization;
using System.Text;
using System.Text.Json;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training;

/// <summary>
/// Trains a learning agent episode by episode: each episode a scenario from the run's source, the agent learning
/// online every simulated hour; one line of metrics per episode in <c>metrics.jsonl</c>; a checkpoint every few
/// episodes and at the end. A run resumes from any of its checkpoints and carries on as if never stopped.
/// </summary>
/// <remarks>
/// Files are replaced atomically (written beside and renamed), so a run stopped at any instant leaves every file
/// whole. On resume the metrics of episodes after the checkpoint are dropped, since they will run again. Cancelling
/// checkpoints the episodes finished since the last checkpoint before it gives up.
/// </remarks>
/// <param name="time">The clock for checkpoint times and episode durations.</param>
public sealed class AgentTrainer(TimeProvider time)
{
    /// <summary>The name of the per-episode metrics file in the output directory.</summary>
    public const string MetricsFileName = "metrics.jsonl";

    /// <summary>The name of the checkpoint of the last episode done, in the output directory.</summary>
    public const string LatestCheckpointName = "latest.ckpt";

    private const int TrendWindow = 10;

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>The file name of the numbered checkpoint taken after a number of episodes.</summary>
    /// <param name="episodes">Episodes done.</param>
    /// <returns>A name like <c>episode-000050.ckpt</c>.</returns>
    public static string CheckpointName(int episodes) => string.Create(CultureInfo.InvariantCulture, $"episode-{episodes:D6}.ckpt");

    /// <summary>Trains the agent from <see cref="TrainingRun.StartEpisode"/> up to <see cref="TrainingRun.Episodes"/>.</summary>
    /// <param name="agent">The agent, new or loaded from the run's checkpoint; it is put in training.</param>
    /// <param name="run">The run.</param>
    /// <param name="onEpisode">Called after each episode with its metrics.</param>
    /// <param name="onHour">Called after each simulated hour (for progress).</param>
    /// <param name="cancellationToken">Stops the run after checkpointing the episodes done.</param>
    /// <returns>The summary.</returns>
    public async Task<TrainingSummary> TrainAsync(
        ILearningAgent agent, TrainingRun run, Action<EpisodeMetrics>? onEpisode = null, Action? onHour = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(agent);
        ArgumentNullException.ThrowIfNull(run);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(run.StartEpisode, run.Episodes);
        Directory.CreateDirectory(run.OutputDirectory);
        var metricsPath = Path.Combine(run.OutputDirectory, MetricsFileName);
        var latestPath = Path.Combine(run.OutputDirectory, LatestCheckpointName);
        var recent = await PrepareMetricsAsync(metricsPath, run.StartEpisode, cancellationToken).ConfigureAwait(false);

        agent.Training = true;
        var done = run.StartEpisode;
        var checkpointed = done;
        EpisodeMetrics? last = null;
        try
        {
            for (var episode = run.StartEpisode; episode < run.Episodes; episode++)
            {
                var started = _time.GetTimestamp();
                var scenario = run.Scenarios.For(episode);
                var world = new SimulatedEnvironment(scenario);
                var result = EpisodeRunner.Run(world, agent, run.DaysPerEpisode * 24, run.PolicySeedFor(episode), onHour, cancellationToken);
                done = episode + 1;

                var perDay = result.Total.Profit / run.DaysPerEpisode;
                recent.Enqueue(perDay);
                if (recent.Count > TrendWindow)
                {
                    recent.Dequeue();
                }

                var m = agent.Metrics;
                last = new EpisodeMetrics(
                    episode,
                    scenario.Name,
                    scenario.Seed,
                    run.DaysPerEpisode,
                    result.Total.Profit,
                    perDay,
                    recent.Average(),
                    result.Total.Roas,
                    result.LimitInterventions,
                    m.Updates,
                    m.Epsilon,
                    m.LearningRate,
                    m.Loss,
                    m.TableSize,
                    _time.GetElapsedTime(started).TotalSeconds);
                await AppendLineAsync(metricsPath, JsonSerializer.Serialize(last, TrainingJsonContext.Default.EpisodeMetrics), cancellationToken).ConfigureAwait(false);
                onEpisode?.Invoke(last);

                if (done % run.CheckpointEvery == 0 || done == run.Episodes)
                {
                    await SaveAsync(agent, run, done, last, latestPath, cancellationToken).ConfigureAwait(false);
                    checkpointed = done;
                }
            }
        }
        catch (OperationCanceledException) when (done > checkpointed)
        {
            // Keep the finished episodes: checkpoint them without the token that was just cancelled.
            await SaveAsync(agent, run, done, last, latestPath, CancellationToken.None).ConfigureAwait(false);
            throw;
        }

        return new TrainingSummary(done - run.StartEpisode, done, latestPath, metricsPath, last);
    }

    /// <summary>The metadata a checkpoint of this run carries after a number of episodes.</summary>
    /// <param name="run">The run.</param>
    /// <param name="episodes">Episodes done.</param>
    /// <param name="last">The last episode's metrics.</param>
    /// <returns>The metadata.</returns>
    public static IReadOnlyDictionary<string, string> Metadata(TrainingRun run, int episodes, EpisodeMetrics? last)
    {
        ArgumentNullException.ThrowIfNull(run);
        var metadata = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [TrainingMetadata.Episodes] = episodes.ToString(CultureInfo.InvariantCulture),
            [TrainingMetadata.Seed] = run.Seed.ToString(CultureInfo.InvariantCulture),
            [TrainingMetadata.DaysPerEpisode] = run.DaysPerEpisode.ToString(CultureInfo.InvariantCulture),
            [TrainingMetadata.Source] = run.Scenarios.Source,
        };
        if (run.Scenarios.FamilySeeds(episodes) is { } seeds)
        {
            metadata[TrainingMetadata.FamilyFirstSeed] = seeds.First.ToString(CultureInfo.InvariantCulture);
            metadata[TrainingMetadata.FamilyLastSeed] = seeds.Last.ToString(CultureInfo.InvariantCulture);
        }

        if (last is not null)
        {
            metadata[TrainingMetadata.RewardTrend] = last.RewardTrend.ToString("R", CultureInfo.InvariantCulture);
        }

        return metadata;
    }

    private async Task SaveAsync(ILearningAgent agent, TrainingRun run, int episodes, EpisodeMetrics? last, string latestPath, CancellationToken cancellationToken)
    {
        var checkpoint = agent.ToCheckpoint(run.RunId, _time.GetUtcNow(), Metadata(run, episodes, last));
        var bytes = CheckpointFormat.Serialize(checkpoint);
        await WriteAtomicallyAsync(Path.Combine(run.OutputDirectory, CheckpointName(episodes)), bytes, cancellationToken).ConfigureAwait(false);
        await WriteAtomicallyAsync(latestPath, bytes, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Drops the lines of episodes at or after the start (they run again) and returns the recent profits per day for the trend.</summary>
    private static async Task<Queue<double>> PrepareMetricsAsync(string path, int startEpisode, CancellationToken cancellationToken)
    {
        var recent = new Queue<double>(TrendWindow + 1);
        if (!File.Exists(path))
        {
            return recent;
        }

        if (startEpisode == 0)
        {
            File.Delete(path);
            return recent;
        }

        var kept = new StringBuilder();
        foreach (var line in await File.ReadAllLinesAsync(path, cancellationToken).ConfigureAwait(false))
        {
            if (line.Length == 0)
            {
                continue;
            }

            EpisodeMetrics? metrics;
            try
            {
                metrics = JsonSerializer.Deserialize(line, TrainingJsonContext.Default.EpisodeMetrics);
            }
            catch (JsonException)
            {
                // A line cut short by a crash: everything from here on runs again.
                break;
            }

            if (metrics is null || metrics.Episode >= startEpisode)
            {
                break;
            }

            kept.Append(line).Append('\n');
            recent.Enqueue(metrics.ProfitPerDay);
            if (recent.Count > TrendWindow)
            {
                recent.Dequeue();
            }
        }

        await WriteAtomicallyAsync(path, Encoding.UTF8.GetBytes(kept.ToString()), cancellationToken).ConfigureAwait(false);
        return recent;
    }

    private static async Task AppendLineAsync(string path, string line, CancellationToken cancellationToken)
    {
        var stream = new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, 4096, FileOptions.Asynchronous);
        await using (stream.ConfigureAwait(false))
        {
            await stream.WriteAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken).ConfigureAwait(false);
        }
    }

    private static async Task WriteAtomicallyAsync(string path, byte[] bytes, CancellationToken cancellationToken)
    {
        var temporary = path + ".tmp";
        await File.WriteAllBytesAsync(temporary, bytes, cancellationToken).ConfigureAwait(false);
        File.Move(temporary, path, overwrite: true);
    }
}

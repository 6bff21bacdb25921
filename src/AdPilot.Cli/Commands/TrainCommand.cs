using System.CommandLine;
using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Training;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot train</c>: trains a learning agent episode by episode on simulated stores, writing per-episode metrics
/// and checkpoints to a directory; <c>--resume</c> carries a run on from any of its checkpoints.
/// </summary>
internal static class TrainCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var source = new ScenarioSetSource(1, "Family seed of the first episode; episode e trains on seed S + e (default 1; evaluate holds out 1001 and up).");
        var agent = new Option<string?>("--agent") { Description = $"The agent to train: {string.Join(", ", LearningAgents.Kinds)}." };
        agent.AcceptOnlyFromAmong([.. LearningAgents.Kinds]);
        var episodes = new Option<int>("--episodes") { Description = "Episodes in all (a resumed run counts those already done).", Required = true }.InRange(1, 1_000_000);
        var output = new Option<DirectoryInfo>("--out") { Description = "Directory for metrics.jsonl and the checkpoints.", Required = true };
        var seed = new Option<ulong>("--seed") { Description = "Seed of the agent's initialisation and exploration.", DefaultValueFactory = _ => 1 };
        var days = new Option<int>("--days") { Description = "Simulated days per episode.", DefaultValueFactory = _ => 30 }.InRange(1, 3650);
        var every = new Option<int>("--checkpoint-every") { Description = "Episodes between numbered checkpoints.", DefaultValueFactory = _ => 10 }.InRange(1, 1_000_000);
        var resume = new Option<FileInfo?>("--resume") { Description = "A checkpoint of an earlier run to carry on from." };

        var command = new Command("train", "Train a learning agent on simulated stores, with metrics per episode and resumable checkpoints.");
        command.Options.Add(agent);
        source.AddTo(command);
        command.Options.Add(episodes);
        command.Options.Add(output);
        command.Options.Add(seed);
        command.Options.Add(days);
        command.Options.Add(every);
        command.Options.Add(resume);
        command.Validators.Add(result =>
        {
            if (result.GetResult(agent) is null && result.GetResult(resume) is null)
            {
                result.AddError("--agent is required (or --resume CHECKPOINT to carry on a run)");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var scenarios = source.FromFiles(parsed)
                ? TrainingScenarios.FromList(await source.LoadFilesAsync(parsed, cancellationToken).ConfigureAwait(false))
                : TrainingScenarios.Family(parsed.GetValue(source.FirstSeed));
            var checkpointFile = parsed.GetValue(resume);
            var checkpoint = checkpointFile is null ? null : await CheckpointFiles.LoadAsync(checkpointFile, cancellationToken).ConfigureAwait(false);
            var kind = checkpoint?.AgentKind ?? parsed.GetValue(agent)!;
            var run = new TrainingRun
            {
                Scenarios = scenarios,
                Episodes = parsed.GetValue(episodes),
                StartEpisode = checkpoint is null ? 0 : TrainingMetadata.EpisodesOf(checkpoint),
                DaysPerEpisode = parsed.GetValue(days),
                Seed = parsed.GetValue(seed),
                CheckpointEvery = parsed.GetValue(every),
                OutputDirectory = parsed.GetValue(output)!.FullName,
                RunId = checkpoint?.RunId ?? string.Create(CultureInfo.InvariantCulture, $"{kind}-{time.GetUtcNow():yyyyMMdd'T'HHmmss'Z'}-s{parsed.GetValue(seed)}"),
            };

            ILearningAgent learner;
            if (checkpoint is not null)
            {
                EnsureSameRun(checkpoint, parsed.GetValue(agent), run);
                learner = CheckpointFiles.Agent(checkpointFile!, checkpoint);
                if (run.StartEpisode >= run.Episodes)
                {
                    await console.Out.WriteLineAsync($"The checkpoint has {run.StartEpisode} episodes done; nothing to do for --episodes {run.Episodes}.").ConfigureAwait(false);
                    return CliApp.Ok;
                }
            }
            else
            {
                if (File.Exists(Path.Combine(run.OutputDirectory, AgentTrainer.LatestCheckpointName)) || File.Exists(Path.Combine(run.OutputDirectory, AgentTrainer.MetricsFileName)))
                {
                    throw new UsageException(
                        $"{run.OutputDirectory} already holds a training run; carry it on with --resume {Path.Combine(run.OutputDirectory, AgentTrainer.LatestCheckpointName)}, or choose another --out");
                }

                learner = LearningAgents.Create(kind, run.Seed);
            }

            var started = time.GetTimestamp();
            TrainingSummary summary;
            try
            {
                summary = await TrainAsync(console, time, learner, run, cancellationToken).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
            {
                var latest = Path.Combine(run.OutputDirectory, AgentTrainer.LatestCheckpointName);
                if (File.Exists(latest))
                {
                    await console.Error.WriteLineAsync($"adpilot: stopped; the finished episodes are in {latest} (carry on with --resume {latest})").ConfigureAwait(false);
                }

                throw;
            }

            var elapsed = time.GetElapsedTime(started);
            var trend = summary.Last is { } last ? $"; profit per day, last {Math.Min(10, summary.EpisodesDone)} episodes: {last.RewardTrend.ToString("N2", CultureInfo.InvariantCulture)}" : string.Empty;
            await console.Out.WriteLineAsync(
                $"Trained {learner.Kind}: {summary.EpisodesRun} episodes in {elapsed.TotalSeconds.ToString("N1", CultureInfo.InvariantCulture)} s ({summary.EpisodesDone} in all){trend}").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"Checkpoint: {summary.LatestCheckpoint}").ConfigureAwait(false);
            await console.Out.WriteLineAsync($"Metrics:    {summary.MetricsPath}").ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    /// <summary>A resumed run must be the same run: same agent, seed, scenarios and episode length.</summary>
    private static void EnsureSameRun(Checkpoint checkpoint, string? kind, TrainingRun run)
    {
        if (kind is not null && !string.Equals(kind, checkpoint.AgentKind, StringComparison.Ordinal))
        {
            throw new UsageException($"--agent {kind} does not match the checkpoint, which holds a {checkpoint.AgentKind} agent");
        }

        var expected = new (string Key, string Option, string? Value)[]
        {
            (TrainingMetadata.Seed, "--seed", run.Seed.ToString(CultureInfo.InvariantCulture)),
            (TrainingMetadata.DaysPerEpisode, "--days", run.DaysPerEpisode.ToString(CultureInfo.InvariantCulture)),
            (TrainingMetadata.Source, "--scenario/--family", run.Scenarios.Source),
            (TrainingMetadata.FamilyFirstSeed, "--first-seed", run.Scenarios.FirstFamilySeed?.ToString(CultureInfo.InvariantCulture)),
        };
        foreach (var (key, option, now) in expected)
        {
            if (checkpoint.Metadata.TryGetValue(key, out var recorded) && !string.Equals(recorded, now, StringComparison.Ordinal))
            {
                throw new UsageException($"{option} differs from the run being resumed (the checkpoint has {key} = {recorded}, this command {now ?? "none"}); resume with the same options");
            }
        }
    }

    private static async Task<TrainingSummary> TrainAsync(CliConsole console, TimeProvider time, ILearningAgent learner, TrainingRun run, CancellationToken cancellationToken)
    {
        var trainer = new AgentTrainer(time);
        var remaining = run.Episodes - run.StartEpisode;
        if (!console.IsTerminal)
        {
            // A log, not a screen: a line every 1% of the run and for the last episode.
            var interval = Math.Max(1, remaining / 100);
            return await trainer.TrainAsync(
                learner,
                run,
                onEpisode: m =>
                {
                    if ((m.Episode + 1 - run.StartEpisode) % interval == 0 || m.Episode + 1 == run.Episodes)
                    {
                        console.Out.WriteLine(Describe(m, run.Episodes));
                    }
                },
                cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        TrainingSummary? summary = null;
        await console.Rich.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask($"Training {learner.Kind}: episode {run.StartEpisode + 1}/{run.Episodes}", maxValue: (double)remaining * run.DaysPerEpisode * 24);
                summary = await trainer.TrainAsync(
                    learner,
                    run,
                    onEpisode: m => task.Description = Markup.Escape($"Training {learner.Kind}: {Describe(m, run.Episodes)}"),
                    onHour: () => task.Increment(1),
                    cancellationToken: cancellationToken).ConfigureAwait(false);
            }).ConfigureAwait(false);
        return summary!;
    }

    private static string Describe(EpisodeMetrics m, int episodes)
    {
        var text = string.Create(
            CultureInfo.InvariantCulture,
            $"episode {m.Episode + 1}/{episodes} · profit/day {m.ProfitPerDay:N0} · trend {m.RewardTrend:N0}");
        if (m.Epsilon is { } epsilon)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" · ε {epsilon:0.000}");
        }

        if (m.Loss is { } loss)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" · loss {loss:0.0000}");
        }

        if (m.TableSize is { } size)
        {
            text += string.Create(CultureInfo.InvariantCulture, $" · table {size:N0}");
        }

        return text;
    }
}

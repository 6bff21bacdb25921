using System.CommandLine;
using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot evaluate</c>: sets a trained agent loose on scenarios (held-out family seeds by default), where it keeps
/// learning online, and runs the oracle and every baseline on the same scenarios and random streams beside it.
/// </summary>
internal static class EvaluateCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new ScenarioSetSource(1001, "Family seed of the first scenario (default 1001, past the seeds train uses by default).");
        var checkpointOption = new Option<FileInfo>("--checkpoint") { Description = "The trained agent's checkpoint (from 'adpilot train').", Required = true };
        var seeds = new Option<int>("--seeds") { Description = "Scenarios to draw from the family.", DefaultValueFactory = _ => 20 }.InRange(1, 10_000);
        var days = new Option<int>("--days") { Description = "Days to simulate each scenario.", DefaultValueFactory = _ => 30 }.InRange(1, 3650);
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };

        var command = new Command("evaluate", "Run a trained agent (adapting online), the oracle and every baseline on the same scenarios and compare their profit.");
        command.Options.Add(checkpointOption);
        source.AddTo(command);
        command.Options.Add(seeds);
        command.Options.Add(days);
        command.Options.Add(json);
        command.Validators.Add(result =>
        {
            if (result.GetResult(source.Files) is not null && result.GetResult(seeds) is { Implicit: false })
            {
                result.AddError("--seeds applies to --family, not to --scenario files");
            }
        });
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var file = parsed.GetValue(checkpointOption)!;
            var checkpoint = await CheckpointFiles.LoadAsync(file, cancellationToken).ConfigureAwait(false);
            _ = CheckpointFiles.Agent(file, checkpoint); // refuse a checkpoint whose tensors do not fit before any world runs

            IReadOnlyList<Scenario> scenarios;
            bool? heldOut;
            if (source.FromFiles(parsed))
            {
                scenarios = await source.LoadFilesAsync(parsed, cancellationToken).ConfigureAwait(false);
                heldOut = null;
            }
            else
            {
                var first = parsed.GetValue(source.FirstSeed);
                var count = parsed.GetValue(seeds);
                if (first > ulong.MaxValue - (ulong)count)
                {
                    throw new UsageException($"--first-seed {first} leaves no room for {count} seeds");
                }

                scenarios = Enumerable.Range(0, count).Select(k => DefaultFamily.Sample(first + (ulong)k)).ToList();
                var trained = TrainingMetadata.FamilySeedsOf(checkpoint);
                heldOut = trained is not { } t || first + (ulong)count - 1 < t.First || first > t.Last;
                if (heldOut == false)
                {
                    await console.Error.WriteLineAsync(
                        $"adpilot: warning: seeds {first}–{first + (ulong)count - 1} overlap the training seeds {trained!.Value.First}–{trained.Value.Last}; the figures are not held-out").ConfigureAwait(false);
                }
            }

            var dayCount = parsed.GetValue(days);
            var asJson = parsed.GetValue(json);
            var report = Run(console, scenarios, dayCount, Candidate, showProgress: console.IsTerminal && !asJson, cancellationToken);
            var result = EvaluateReport.From(report, scenarios[0].Store.Currency, checkpoint.AgentKind, TrainingMetadata.EpisodesOf(checkpoint), heldOut);
            if (asJson)
            {
                await console.Out.WriteLineAsync(result.ToJson()).ConfigureAwait(false);
            }
            else
            {
                result.Render(console.Rich);
            }

            return CliApp.Ok;

            IPolicy Candidate(SimulatedEnvironment world)
            {
                // Each scenario meets its own copy of the trained agent, which keeps learning online as it would in a real store.
                var agent = LearningAgents.FromCheckpoint(checkpoint);
                agent.Training = false;
                return agent;
            }
        });
        return command;
    }

    private static EvaluationReport Run(
        CliConsole console,
        IReadOnlyList<Scenario> scenarios,
        int days,
        Func<SimulatedEnvironment, IPolicy> candidate,
        bool showProgress,
        CancellationToken cancellationToken)
    {
        if (!showProgress)
        {
            return PolicyEvaluation.Run(scenarios, days, candidate, cancellationToken: cancellationToken);
        }

        EvaluationReport? report = null;
        var runs = PolicyCatalog.Names.Count + 1;
        console.Rich.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask(
                    string.Create(CultureInfo.InvariantCulture, $"Evaluating {scenarios.Count} scenarios × {days} days × {runs} policies"),
                    maxValue: (double)scenarios.Count * days * 24 * runs);
                report = PolicyEvaluation.Run(scenarios, days, candidate, onHour: () => task.Increment(1), cancellationToken: cancellationToken);
            });
        return report!;
    }
}

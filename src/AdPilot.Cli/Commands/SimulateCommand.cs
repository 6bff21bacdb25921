using System.CommandLine;
using AdPilot.Core.Agents;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot simulate</c>: runs each named policy on the same scenario and the same random streams and compares
/// their profit with the oracle's.
/// </summary>
internal static class SimulateCommand
{
    public static Command Create(CliConsole console)
    {
        var source = new ScenarioSource();
        var policies = new Option<string[]>("--policy")
        {
            Description = $"A policy to run; repeat for several: {string.Join(", ", PolicyCatalog.All)}. Default: {string.Join(", ", PolicyCatalog.Names)}.",
            AllowMultipleArgumentsPerToken = false,
        };
        policies.AcceptOnlyFromAmong([.. PolicyCatalog.All]);
        var days = new Option<int>("--days") { Description = "Days to simulate.", DefaultValueFactory = _ => 30 }.InRange(1, 3650);
        var seed = new Option<ulong?>("--seed") { Description = "Seed of the world's random streams (default: the scenario's own)." };
        var json = new Option<bool>("--json") { Description = "Print one JSON object instead of a table." };

        var command = new Command("simulate", "Run policies on one simulated world with common random numbers and compare them with the oracle.");
        source.AddTo(command);
        command.Options.Add(policies);
        command.Options.Add(days);
        command.Options.Add(seed);
        command.Options.Add(json);
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var scenario = await source.LoadAsync(parsed, cancellationToken).ConfigureAwait(false);
            if (parsed.GetValue(seed) is { } s)
            {
                scenario = scenario with { Seed = s };
            }

            var names = parsed.GetValue(policies) is { Length: > 0 } chosen ? chosen.Distinct(StringComparer.Ordinal).ToArray() : [.. PolicyCatalog.Names];
            var dayCount = parsed.GetValue(days);
            var asJson = parsed.GetValue(json);
            var outcomes = Run(console, scenario, names, dayCount, showProgress: console.IsTerminal && !asJson, cancellationToken);
            var report = SimulateReport.From(scenario, dayCount, outcomes);
            if (asJson)
            {
                await console.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
            }
            else
            {
                report.Render(console.Rich, scenario);
            }

            return CliApp.Ok;
        });
        return command;
    }

    private static IReadOnlyList<PolicyOutcome> Run(
        CliConsole console, Scenario scenario, string[] names, int days, bool showProgress, CancellationToken cancellationToken)
    {
        if (!showProgress)
        {
            return PolicyComparison.Run(scenario, names, days, cancellationToken: cancellationToken);
        }

        IReadOnlyList<PolicyOutcome> outcomes = [];
        var runs = names.Contains("oracle", StringComparer.Ordinal) ? names.Length : names.Length + 1;
        console.Rich.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .Start(ctx =>
            {
                var task = ctx.AddTask($"Simulating {days} days × {runs} policies", maxValue: (double)days * 24 * runs);
                outcomes = PolicyComparison.Run(scenario, names, days, onHour: () => task.Increment(1), cancellationToken: cancellationToken);
            });
        return outcomes;
    }
}

using System.CommandLine;
using System.Globalization;
using AdPilot.Runtime.Chaos;
using AdPilot.Sandbox.Faults;
using AdPilot.Web.Demo;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot chaos [--days 30] [--seed 1] [--adsets 6] [--kill-probability 0.1] [--faults FILE] [--out DIR] [--json]</c>:
/// the real hourly loop, connectors, actuator and webhook receiver for simulated days against a sandbox that injects
/// faults on every endpoint, with workers killed at random points; it reports what was lost, doubled or broken and
/// exits 1 when any of the must-be-zero counts is not zero (docs/chaos.md).
/// </summary>
internal static class ChaosCommand
{
    public static Command Create(CliConsole console)
    {
        var days = new Option<int>("--days") { Description = "Simulated days the loop runs.", DefaultValueFactory = _ => 30 }.InRange(1, ChaosOptions.MaxDays);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the world, the fault plan and the kills.", DefaultValueFactory = _ => 1 };
        var adSets = new Option<int>("--adsets") { Description = "Ad sets in the store, on Meta and TikTok.", DefaultValueFactory = _ => new ChaosOptions().AdSets }.InRange(2, 200);
        var kill = new Option<double>("--kill-probability")
        {
            Description = "The chance that an hour's worker is killed at a random point of its cycle.",
            DefaultValueFactory = _ => new ChaosOptions().KillProbability,
        };
        kill.Validators.Add(r =>
        {
            if (r.GetValue(kill) is var p && (!double.IsFinite(p) || p < 0 || p > 1))
            {
                r.AddError("--kill-probability must be within [0, 1]");
            }
        });
        var faults = new Option<string?>("--faults") { Description = "A sandbox faults file (docs/sandbox-faults.md) instead of the plan drawn from --seed." };
        var output = new Option<string>("--out") { Description = "Folder of the soak's database and log.", DefaultValueFactory = _ => "./adpilot-chaos" };
        var policy = new Option<string>("--policy") { Description = "The policy the loop runs (a baseline or an agent).", DefaultValueFactory = _ => new ChaosOptions().Policy };
        policy.AcceptOnlyFromAmong([.. AdPilot.Core.Agents.PolicyCatalog.All]);
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object, without progress." };
        var command = new Command("chaos", "Soak the hourly loop against a sandbox that fails on every endpoint, killing workers at random; exit 1 if anything was lost or doubled.")
        {
            days, seed, adSets, kill, faults, policy, output, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            SandboxFaults? plan = null;
            if (parsed.GetValue(faults) is { } file)
            {
                try
                {
                    plan = SandboxFaults.Load(file);
                }
                catch (SandboxFaultsException ex)
                {
                    throw new UsageException(ex.Message);
                }
            }

            var options = new ChaosOptions
            {
                Days = parsed.GetValue(days),
                Seed = parsed.GetValue(seed),
                AdSets = parsed.GetValue(adSets),
                KillProbability = parsed.GetValue(kill),
                Faults = plan,
                Policy = parsed.GetValue(policy)!,
                OutDirectory = parsed.GetValue(output)!,
            };
            if (options.Validate() is { Count: > 0 } errors)
            {
                throw new UsageException(string.Join("; ", errors));
            }

            var asJson = parsed.GetValue(json);
            var report = console.IsTerminal && !asJson
                ? await RunLiveAsync(console, options, cancellationToken).ConfigureAwait(false)
                : await ChaosSoak.RunAsync(options, DemoWebHost.On(0), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (asJson)
            {
                await console.Out.WriteLineAsync(report.ToJson()).ConfigureAwait(false);
            }
            else
            {
                Render(console.Rich, report);
            }

            return report.Passed ? CliApp.Ok : CliApp.Failure;
        });
        return command;
    }

    private static async Task<ChaosReport> RunLiveAsync(CliConsole console, ChaosOptions options, CancellationToken cancellationToken)
    {
        ChaosReport? report = null;
        await console.Rich.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Soaking the hourly loop", maxValue: options.Days * 24);
                var progress = new Progress<ChaosProgress>(p =>
                {
                    task.Value = p.Hour;
                    task.Description = Markup.Escape(string.Create(
                        CultureInfo.InvariantCulture, $"day {((p.Hour - 1) / 24) + 1}/{options.Days} · {p.Cycles:N0} cycles · {p.WorkerKills} workers killed"));
                });
                report = await ChaosSoak.RunAsync(options, DemoWebHost.On(0), progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return report!;
    }

    private static void Render(IAnsiConsole console, ChaosReport report)
    {
        var table = new Table()
            .Title(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"{report.Days} days, {report.AdSets} ad sets, seed {report.Seed}: {report.Cycles} cycles ({report.FailedCycles} failed), {report.WorkerKills} workers killed, {report.Seconds:0.0} s")))
            .AddColumn("count")
            .AddColumn(new TableColumn("value").RightAligned())
            .AddColumn("must be zero");
        void Row(string name, long value, bool mustBeZero) =>
            table.AddRow(name, value.ToString(CultureInfo.InvariantCulture), mustBeZero ? (value == 0 ? "[green]ok[/]" : "[red]FAILED[/]") : "");
        Row("webhooks sent", report.WebhooksSent, false);
        Row("webhooks lost", report.WebhooksLost, true);
        Row("changes applied", report.ChangesApplied, false);
        Row("changes applied twice", report.ChangesAppliedTwice, true);
        Row("intended changes lost", report.IntendedChangesLost, true);
        Row("guardrail violations", report.GuardrailViolations, true);
        Row("budget mismatches", report.BudgetMismatches, true);
        console.Write(table);
        console.MarkupLine(Markup.Escape("faults injected: " + string.Join(", ", report.FaultsInjected.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))));
        console.MarkupLine(Markup.Escape("kills by point: " + string.Join(", ", report.KillsByPoint.OrderBy(f => f.Key, StringComparer.Ordinal).Select(f => $"{f.Key} {f.Value}"))));
        foreach (var problem in report.Problems)
        {
            console.MarkupLine("[red]" + Markup.Escape(problem) + "[/]");
        }

        console.MarkupLine(report.Passed ? "[green]passed[/]" : "[red]failed[/]");
    }
}

using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Demo;
using AdPilot.Web.Demo;
using AdPilot.Web.Reports;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot demo [--days 14] [--adsets 8] [--seed 1] [--out DIR] [--serve] [--json]</c>: a simulated store run through
/// the real hourly loop and connectors against the in-process API sandbox, shadow then pilot then expand, compared with
/// fixed budgets and the rules baseline on the same world; a table (or one JSON object) and an HTML report.
/// </summary>
internal static class DemoCommand
{
    public static Command Create(CliConsole console, TimeProvider time)
    {
        var days = new Option<int>("--days") { Description = "Simulated days the loop runs.", DefaultValueFactory = _ => 14 }.InRange(1, DemoOptions.MaxDays);
        var adSets = new Option<int>("--adsets") { Description = "Ad sets in the store, on Meta and TikTok.", DefaultValueFactory = _ => 8 }.InRange(2, 200);
        var seed = new Option<ulong>("--seed") { Description = "Seed of the store's world and the policy's exploration.", DefaultValueFactory = _ => 1 };
        var output = new Option<string>("--out") { Description = "Folder of the demo's database, log and report.", DefaultValueFactory = _ => "./adpilot-data" };
        var shadowDays = new Option<int?>("--shadow-days") { Description = "Days in shadow (default: a quarter of --days)." };
        var pilotDays = new Option<int?>("--pilot-days") { Description = "Days in pilot (default: a quarter of --days)." };
        var pretrain = new Option<int>("--pretrain-episodes")
        {
            Description = "Simulated stores (30 days each) the bandit is pretrained on before it meets the demo's store; 0 starts it from scratch.",
            DefaultValueFactory = _ => 100,
        }.InRange(0, 10_000);
        var serve = new Option<bool>("--serve") { Description = "Keep the dashboard up afterwards, over the demo's database and sandbox, until Ctrl-C." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON object instead of a table." };
        var port = new Option<int?>("--port") { Description = "The port of the demo's dashboard and webhook receiver on 127.0.0.1 (default 8080 with --serve, else a free one)." };
        port.Validators.Add(r =>
        {
            if (r.GetValue(port) is < 0 or > 65535)
            {
                r.AddError("--port must be 0 to 65535");
            }
        });
        var command = new Command("demo", "Run a simulated store through the real hourly loop (shadow, pilot, expand) and compare it with fixed budgets and rules.")
        {
            days, adSets, seed, output, shadowDays, pilotDays, pretrain, serve, port, json,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var options = new DemoOptions
            {
                Days = parsed.GetValue(days),
                AdSets = parsed.GetValue(adSets),
                Seed = parsed.GetValue(seed),
                OutDirectory = parsed.GetValue(output)!,
                ShadowDays = parsed.GetValue(shadowDays),
                PilotDays = parsed.GetValue(pilotDays),
                TrainingEpisodes = parsed.GetValue(pretrain),
            };
            if (options.Validate() is { Count: > 0 } errors)
            {
                throw new UsageException(string.Join("; ", errors));
            }

            var asJson = parsed.GetValue(json);
            var live = console.IsTerminal && !asJson;
            var host = DemoWebHost.On(parsed.GetValue(port) ?? (parsed.GetValue(serve) ? 8080 : 0));
            var runner = await StartAsync(console, options, time, host, live, cancellationToken).ConfigureAwait(false);
            await using (runner.ConfigureAwait(false))
            {
                var summary = await RunAsync(console, runner, options, live, cancellationToken).ConfigureAwait(false);
                var reportPath = Path.GetFullPath(Path.Combine(options.OutDirectory, DemoReport.FileName));
                await DemoReport.WriteAsync(summary, reportPath, cancellationToken).ConfigureAwait(false);
                if (asJson)
                {
                    await console.Out.WriteLineAsync(ToJson(summary, reportPath)).ConfigureAwait(false);
                }
                else
                {
                    Render(console.Rich, summary, reportPath);
                }

                if (parsed.GetValue(serve))
                {
                    return await DemoDashboard.ServeAsync(console, runner, time, cancellationToken).ConfigureAwait(false);
                }

                return summary.GuardrailViolations.Count == 0 ? CliApp.Ok : CliApp.Failure;
            }
        });
        return command;
    }

    /// <summary>The summary as the contract's JSON object, with a few more fields after the contract's.</summary>
    internal static string ToJson(DemoSummary summary, string reportPath)
    {
        using var buffer = new MemoryStream();
        using (var w = new Utf8JsonWriter(buffer))
        {
            w.WriteStartObject();
            w.WriteNumber("days", summary.Days);
            w.WriteStartObject("modes");
            w.WriteNumber("shadow", summary.Modes.Shadow);
            w.WriteNumber("pilot", summary.Modes.Pilot);
            w.WriteNumber("expand", summary.Modes.Expand);
            w.WriteEndObject();
            w.WriteStartArray("policies");
            foreach (var p in summary.Policies)
            {
                w.WriteStartObject();
                w.WriteString("name", p.Name);
                w.WriteNumber("profit", ReportMoney.Cents(p.Total.Profit));
                w.WriteNumber("revenue", ReportMoney.Cents(p.Total.Revenue));
                w.WriteNumber("spend", ReportMoney.Cents(p.Total.AdSpend));
                w.WriteNumber("roas", Math.Round(p.Total.Roas, 4));
                w.WriteNumber("cogs", ReportMoney.Cents(p.Total.Cogs));
                w.WriteEndObject();
            }

            w.WriteEndArray();
            w.WriteNumber("guardrailViolations", summary.GuardrailViolations.Count);
            w.WriteNumber("decisions", summary.Decisions);
            w.WriteString("reportPath", reportPath);
            w.WriteString("currency", summary.Currency);
            w.WriteNumber("seed", summary.Seed);
            w.WriteNumber("adSets", summary.AdSets);
            w.WriteNumber("changes", summary.Changes);
            w.WriteNumber("applied", summary.Applied);
            w.WriteNumber("guardrailInterventions", summary.GuardrailInterventions);
            w.WriteNumber("approvalsRequested", summary.ApprovalsRequested);
            w.WriteNumber("failedCycles", summary.FailedCycles);
            w.WriteString("databasePath", summary.DatabasePath);
            w.WriteString("logPath", summary.LogPath);
            w.WriteNumber("seconds", Math.Round(summary.Seconds, 1));
            w.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static async Task<DemoRunner> StartAsync(
        CliConsole console, DemoOptions options, TimeProvider time, Func<DemoHostSetup, CancellationToken, Task<IDemoHost>> host, bool live, CancellationToken cancellationToken)
    {
        if (!live)
        {
            return await DemoRunner.StartAsync(options, time, host, cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        DemoRunner? runner = null;
        await console.Rich.Status().StartAsync("Preparing the demo", async ctx =>
        {
            runner = await DemoRunner.StartAsync(options, time, host, step => ctx.Status(Markup.Escape(step)), cancellationToken).ConfigureAwait(false);
        }).ConfigureAwait(false);
        return runner!;
    }

    private static async Task<DemoSummary> RunAsync(CliConsole console, DemoRunner runner, DemoOptions options, bool live, CancellationToken cancellationToken)
    {
        if (!live)
        {
            return await runner.RunAsync(cancellationToken: cancellationToken).ConfigureAwait(false);
        }

        DemoSummary? summary = null;
        await console.Rich.Progress()
            .AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async ctx =>
            {
                var task = ctx.AddTask("Running the hourly loop", maxValue: options.Days * 24);
                var progress = new Progress<DemoProgress>(p =>
                {
                    task.Value = p.Hour;
                    task.Description = Markup.Escape(string.Create(
                        CultureInfo.InvariantCulture,
                        $"day {((p.Hour - 1) / 24) + 1}/{options.Days} {Stage(p.Stage)} · profit {p.Profit:N0} · {p.Decisions:N0} decisions · {p.Applied:N0} changes applied"));
                });
                summary = await runner.RunAsync(progress, cancellationToken).ConfigureAwait(false);
                task.Value = task.MaxValue;
            }).ConfigureAwait(false);
        return summary!;
    }

    private static void Render(IAnsiConsole console, DemoSummary summary, string reportPath)
    {
        var (shadow, pilot, expand) = summary.Modes;
        var table = new Table()
            .Title(Markup.Escape(string.Create(
                CultureInfo.InvariantCulture,
                $"{summary.Days} days ({shadow} shadow, {pilot} pilot, {expand} expand), {summary.AdSets} ad sets, seed {summary.Seed} ({summary.Currency})")))
            .AddColumn("policy")
            .AddColumn(new TableColumn("profit").RightAligned())
            .AddColumn(new TableColumn("revenue").RightAligned())
            .AddColumn(new TableColumn("spend").RightAligned())
            .AddColumn(new TableColumn("ROAS").RightAligned());
        foreach (var p in summary.Policies)
        {
            table.AddRow(
                p.Name,
                ReportMoney.Format(ReportMoney.Cents(p.Total.Profit)),
                ReportMoney.Format(ReportMoney.Cents(p.Total.Revenue)),
                ReportMoney.Format(ReportMoney.Cents(p.Total.AdSpend)),
                p.Total.Roas.ToString("0.00", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        console.MarkupLine(Markup.Escape(string.Create(
            CultureInfo.InvariantCulture,
            $"{summary.Decisions:N0} decisions, {summary.Applied:N0} changes applied, {summary.GuardrailInterventions:N0} guardrail interventions, {summary.ApprovalsRequested:N0} approvals asked.")));
        console.MarkupLine(summary.GuardrailViolations.Count == 0
            ? "[green]0 guardrail violations[/] in the world's own record of every hour's budgets."
            : Markup.Escape($"{summary.GuardrailViolations.Count} guardrail violations, first: {summary.GuardrailViolations[0]}"));
        if (summary.FailedCycles > 0)
        {
            console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"{summary.FailedCycles} cycles failed (see {summary.LogPath}); the next hour caught up.")));
        }

        console.MarkupLine(Markup.Escape(string.Create(CultureInfo.InvariantCulture, $"Report: {reportPath} · database: {summary.DatabasePath} · {summary.Seconds:0.0} s")));
    }

    private static string Stage(RolloutStage stage) => stage.ToString().ToLowerInvariant();
}

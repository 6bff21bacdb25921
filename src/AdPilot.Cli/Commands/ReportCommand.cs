using System.CommandLine;
using System.Data.Common;
using System.Globalization;
using AdPilot.Runtime.Evidence.Shadow;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Web.Reports;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot report shadow [--db CONN] [--store DOMAIN] [--from T] [--to T] [--days N] [--html FILE] [--json]</c>: what the
/// policy suggested beside what people did — agreement, where they differ, and the estimated value of each side.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(CliConsole console, Func<string, string?> environment, TimeProvider time)
    {
        var db = DbCommand.DatabaseOption();
        var store = StoreChoice.Option();
        var from = new Option<string?>("--from") { Description = "The first hour, ISO 8601 (a date is its midnight UTC; no offset means UTC). Default: --days before --to." };
        var to = new Option<string?>("--to") { Description = "The end of the range, exclusive, ISO 8601. Default: the start of the current hour." };
        var days = new Option<int>("--days") { Description = "The range's length in days when --from is not given.", DefaultValueFactory = _ => 14 }.InRange(1, 3660);
        var html = new Option<string?>("--html") { Description = "Also write the report as a self-contained HTML page with charts to FILE." };
        var json = new Option<bool>("--json") { Description = "Print the report as one JSON object instead of tables." };
        var shadow = new Command(
            "shadow",
            "The shadow report: the policy's suggestions beside people's changes per ad set and day — how often they agree, where they differ, and the estimated profit of each side.")
        {
            db, store, from, to, days, html, json,
        };
        shadow.SetAction(async (parsed, cancellationToken) =>
        {
            var end = Time(parsed.GetValue(to), "--to") ?? CliTime.HourOf(time.GetUtcNow());
            var start = Time(parsed.GetValue(from), "--from") ?? end.AddDays(-parsed.GetValue(days));
            if (start >= end)
            {
                throw new UsageException($"--from ({Text(start)}) must be before --to ({Text(end)})");
            }

            var target = DbCommand.Target(parsed.GetValue(db), environment);
            ShadowReport report;
            try
            {
                await using var database = await StorageDatabase.OpenMigratedAsync(target, cancellationToken).ConfigureAwait(false);
                var storeId = await StoreChoice.ResolveAsync(new StoreDirectory(database, time), parsed.GetValue(store), cancellationToken).ConfigureAwait(false);
                report = await ShadowReportQuery.LoadAsync(database, storeId, start, end, time, cancellationToken).ConfigureAwait(false);
            }
            catch (DbException ex)
            {
                await console.Error.WriteLineAsync($"adpilot: {target}: {ex.Message}").ConfigureAwait(false);
                return CliApp.Failure;
            }

            string? htmlPath = null;
            if (parsed.GetValue(html) is { } file)
            {
                htmlPath = Path.GetFullPath(file);
                try
                {
                    await ShadowReportHtml.WriteAsync(report, htmlPath, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    await console.Error.WriteLineAsync($"adpilot: --html {file}: {ex.Message}").ConfigureAwait(false);
                    return CliApp.Failure;
                }
            }

            if (parsed.GetValue(json))
            {
                await console.Out.WriteLineAsync(ShadowReportJson.Write(report, htmlPath)).ConfigureAwait(false);
            }
            else
            {
                Print(console, report, htmlPath);
            }

            return CliApp.Ok;
        });
        return new Command("report", "Reports that build trust: the shadow comparison of suggested and human changes.") { shadow };
    }

    private static void Print(CliConsole console, ShadowReport report, string? htmlPath)
    {
        var a = report.Agreement;
        var rich = console.Rich;
        rich.MarkupLine(Invariant($"[bold]Shadow report[/] {Markup.Escape(report.Store)}: {Text(report.From)} to {Text(report.To)} ({Markup.Escape(report.TimeZone)}, {Markup.Escape(report.Currency)})"));
        rich.WriteLine(Invariant($"{report.PolicyDecisions:N0} policy decisions, {report.HumanChanges:N0} human changes, {a.AdSetDays} ad set-days."));
        var agreement = new Table().AddColumns("agreement", "ad set-days", "share");
        agreement.AddRow("agreed (no human change = people held)", a.Agreed.ToString(CultureInfo.InvariantCulture), Percent(a.Rate));
        agreement.AddRow("agreed on days people acted", Invariant($"{a.AgreedWhenPeopleActed} of {a.PeopleActed}"), Percent(a.RateWhenPeopleActed));
        agreement.AddRow("policy would move, people held", a.PolicyOnly.ToString(CultureInfo.InvariantCulture), string.Empty);
        agreement.AddRow("people moved, policy would hold", a.PeopleOnly.ToString(CultureInfo.InvariantCulture), string.Empty);
        agreement.AddRow("opposite ways", a.Opposite.ToString(CultureInfo.InvariantCulture), string.Empty);
        rich.Write(agreement);
        if (report.Value is { } v)
        {
            var value = new Table().AddColumns("side", "profit", "spend");
            value.AddRow("people (what ran)", Money(v.PeopleProfit), Money(v.PeopleSpend));
            value.AddRow("policy (estimated)", Money(v.PolicyProfit), Money(v.PolicySpend));
            value.AddRow("policy − people", Money(v.Difference), v.Ci95 is { } ci ? Invariant($"95% interval {Money(ci.Lower)} to {Money(ci.Upper)}") : string.Empty);
            rich.Write(value);
            rich.WriteLine(Invariant($"{v.Hours:N0} ad set-hours of {v.AdSetsModelled} ad sets valued; {report.ValueNote}."));
        }
        else
        {
            rich.WriteLine(Invariant($"No value estimate: {report.ValueNote}."));
        }

        if (report.Differences.Count > 0)
        {
            var differ = new Table().AddColumns("day", "ad set", "policy", "people", "difference");
            foreach (var row in report.Differences.Take(20))
            {
                var d = row.Comparison;
                differ.AddRow(
                    d.DayText,
                    Markup.Escape(Invariant($"{d.AdSet.Platform.ToString().ToLowerInvariant()}:{d.AdSet.ExternalId}")),
                    Move(d.PolicyDirection, d.PolicyFrom, d.PolicyTo),
                    d.HumanChanges == 0 ? "no change" : Move(d.HumanDirection, d.HumanFrom, d.HumanTo),
                    Money(row.Difference));
            }

            rich.WriteLine(Invariant($"Where they differ ({report.Differences.Count}, largest estimated gap first):"));
            rich.Write(differ);
        }

        if (htmlPath is not null)
        {
            rich.WriteLine(Invariant($"HTML report: {htmlPath}"));
        }
    }

    /// <summary>Parses an ISO 8601 date or time (UTC unless it names an offset); anything else is a usage error naming the option.</summary>
    private static DateTimeOffset? Time(string? text, string option) =>
        text is null ? null
        : CliTime.TryParseUtc(text, out var t) ? t
        : throw new UsageException($"{option}: '{text}' is not an ISO 8601 date or time (e.g. 2026-11-01 or 2026-11-01T06:00Z)");

    private static string Move(int? direction, decimal? from, decimal? to) =>
        Invariant($"{direction switch { 1 => "up", -1 => "down", 0 => "hold", _ => "?" }} {Money(from)} → {Money(to)}");

    private static string Percent(double? rate) => rate is { } r ? r.ToString("P0", CultureInfo.InvariantCulture) : "–";

    private static string Money(decimal? amount) => amount is { } m ? m.ToString("N2", CultureInfo.InvariantCulture) : "–";

    private static string Text(DateTimeOffset t) => t.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}

using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Training.OffPolicy;
using Spectre.Console;
using static AdPilot.Cli.Commands.ReportMoney;

namespace AdPilot.Cli.Commands;

/// <summary>
/// The result of <c>adpilot ope</c>, as printed with <c>--json</c>: values per decision (an ad set-day) in the store
/// currency, rounded to cents; null where an estimator has no value (the reason says why).
/// </summary>
internal sealed record OpeReport(
    string Policy,
    DateTimeOffset From,
    DateTimeOffset To,
    string Currency,
    int Decisions,
    IReadOnlyDictionary<string, int> Skipped,
    OpeLogged Logged,
    IReadOnlyList<OpeEstimatorLine> Estimators,
    double EffectiveSampleSize,
    double MaxWeight,
    double? WeightClip,
    int ClippedWeights)
{
    public static OpeReport Of(OffPolicyReport report, string policy, DateTimeOffset from, DateTimeOffset to, string currency, double? clip) => new(
        policy,
        from,
        to,
        currency,
        report.Decisions,
        report.Skipped,
        new OpeLogged(Money(report.Logged.Value), Interval(report.Logged.Lower, report.Logged.Upper), Money(report.Logged.StandardError)),
        [.. report.Estimates.Select(e => new OpeEstimatorLine(e.Name, Money(e.Value), Interval(e.Lower, e.Upper), Money(e.StandardError), e.Reason))],
        Math.Round(report.EffectiveSampleSize, 2),
        Math.Round(report.MaxWeight, 4),
        clip,
        report.ClippedWeights);

    public string ToJson() => JsonSerializer.Serialize(this, OpeJsonContext.Default.OpeReport);

    public void Render(IAnsiConsole console)
    {
        var range = string.Create(CultureInfo.InvariantCulture, $"{From:yyyy-MM-dd HH:mm}Z to {To:yyyy-MM-dd HH:mm}Z");
        console.WriteLine($"Off-policy evaluation of {Policy} on {Decisions:N0} logged decisions (ad set-days), {range}, in {Currency} per decision.");
        if (Decisions > 0)
        {
            var table = new Table()
                .AddColumn("estimator")
                .AddColumn(new TableColumn("value").RightAligned())
                .AddColumn(new TableColumn("95% interval").RightAligned())
                .AddColumn(new TableColumn("std. error").RightAligned())
                .AddColumn("note");
            table.AddRow("logged (the logging policy)", Text(Logged.Value), Markup.Escape(Text(Logged.Ci95)), Text(Logged.Stderr), string.Empty);
            foreach (var e in Estimators)
            {
                table.AddRow(e.Name, Text(e.Value), Markup.Escape(Text(e.Ci95)), Text(e.Stderr), Markup.Escape(e.Reason ?? string.Empty));
            }

            console.Write(table);
            var clip = WeightClip is { } c ? string.Create(CultureInfo.InvariantCulture, $"; weights clipped at {c} ({ClippedWeights} clipped)") : string.Empty;
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Effective sample size {EffectiveSampleSize:N1} of {Decisions:N0}; largest weight {MaxWeight:0.###}{clip}."));
        }
        else
        {
            console.WriteLine("No logged decision could be used.");
        }

        if (Skipped.Count > 0)
        {
            console.WriteLine("Left out: " + string.Join(", ", Skipped.Select(s => string.Create(CultureInfo.InvariantCulture, $"{s.Key} {s.Value:N0}"))) + ".");
        }
    }

    private static decimal? Money(double? value) => value is { } v ? Cents(v) : null;

    private static IReadOnlyList<decimal>? Interval(double? lower, double? upper) => lower is { } l && upper is { } u ? [Cents(l), Cents(u)] : null;

    private static string Text(decimal? value) => value is { } v ? Format(v) : "n/a";

    private static string Text(IReadOnlyList<decimal>? interval) => interval is [var l, var u] ? $"[{Format(l)}, {Format(u)}]" : "n/a";
}

/// <summary>The logging policy's own value per decision: the mean logged reward.</summary>
internal sealed record OpeLogged(decimal? Value, IReadOnlyList<decimal>? Ci95, decimal? Stderr);

/// <summary>One estimator's line of <see cref="OpeReport"/>: <c>ips</c>, <c>snips</c> or <c>dr</c>.</summary>
internal sealed record OpeEstimatorLine(string Name, decimal? Value, IReadOnlyList<decimal>? Ci95, decimal? Stderr, string? Reason);

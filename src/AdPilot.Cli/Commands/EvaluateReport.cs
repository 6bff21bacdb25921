using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Training;
using Spectre.Console;
using static AdPilot.Cli.Commands.ReportMoney;

namespace AdPilot.Cli.Commands;

/// <summary>The result of <c>adpilot evaluate</c>, as printed with <c>--json</c>: money rounded to cents in the store currency.</summary>
internal sealed record EvaluateReport(
    int Scenarios,
    int Days,
    string Currency,
    string AgentKind,
    int TrainedEpisodes,
    bool? HeldOut,
    IReadOnlyList<EvaluatedPolicyLine> Policies,
    string BestBaseline,
    PairedDifference? AgentMinusBestBaseline)
{
    public static EvaluateReport From(EvaluationReport report, string currency, string agentKind, int trainedEpisodes, bool? heldOut) => new(
        report.Scenarios,
        report.Days,
        currency,
        agentKind,
        trainedEpisodes,
        heldOut,
        report.Policies.Select(p => new EvaluatedPolicyLine(
            p.Name,
            Cents(p.Total.Profit),
            Cents(p.Total.Revenue),
            Cents(p.Total.AdSpend),
            Cents(p.Total.Cogs),
            Math.Round(p.Total.Roas, 4),
            (long)Math.Round(p.Total.Conversions),
            p.FractionOfOracle is { } f ? Math.Round(f, 4) : null,
            p.LimitInterventions)).ToList(),
        report.BestBaseline,
        report.CandidateMinusBestBaseline is { } d ? new PairedDifference(Cents(d.Mean), [Cents(d.Lower), Cents(d.Upper)]) : null);

    public string ToJson() => JsonSerializer.Serialize(this, CliJsonContext.Default.EvaluateReport);

    public void Render(IAnsiConsole console)
    {
        var table = new Table()
            .Title($"{AgentKind} agent ({TrainedEpisodes:N0} training episodes) against the oracle and baselines: {Scenarios} scenarios × {Days} days ({Currency})")
            .AddColumn("policy")
            .AddColumn(new TableColumn("profit").RightAligned())
            .AddColumn(new TableColumn("revenue").RightAligned())
            .AddColumn(new TableColumn("spend").RightAligned())
            .AddColumn(new TableColumn("ROAS").RightAligned())
            .AddColumn(new TableColumn("orders").RightAligned())
            .AddColumn(new TableColumn("of oracle").RightAligned())
            .AddColumn(new TableColumn("limit clamps").RightAligned());
        foreach (var p in Policies)
        {
            table.AddRow(
                p.Name,
                Format(p.Profit),
                Format(p.Revenue),
                Format(p.Spend),
                p.Roas.ToString("0.00", CultureInfo.InvariantCulture),
                p.Conversions.ToString("N0", CultureInfo.InvariantCulture),
                p.FractionOfOracle is { } f ? f.ToString("P1", CultureInfo.InvariantCulture) : "n/a",
                p.GuardrailInterventions.ToString("N0", CultureInfo.InvariantCulture));
        }

        console.Write(table);
        if (AgentMinusBestBaseline is { } d)
        {
            var verdict = d.Ci95[0] > 0 ? "the agent beats it" : d.Ci95[1] < 0 ? "the agent loses to it" : "no clear difference";
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Agent − {BestBaseline} (best baseline), profit per scenario: {d.Mean:N2}, 95% paired bootstrap interval [{d.Ci95[0]:N2}, {d.Ci95[1]:N2}]: {verdict}."));
        }

        if (HeldOut == false)
        {
            console.WriteLine("Warning: some of these scenarios are ones the agent trained on; the figures are not held-out.");
        }
    }
}

/// <summary>One policy's line in <see cref="EvaluateReport"/>.</summary>
internal sealed record EvaluatedPolicyLine(
    string Name,
    decimal Profit,
    decimal Revenue,
    decimal Spend,
    decimal Cogs,
    double Roas,
    long Conversions,
    double? FractionOfOracle,
    long GuardrailInterventions);

/// <summary>The agent's mean profit per scenario minus the best baseline's, with its 95% paired bootstrap interval.</summary>
internal sealed record PairedDifference(decimal Mean, IReadOnlyList<decimal> Ci95);

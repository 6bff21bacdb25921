using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;
using Spectre.Console;
using static AdPilot.Cli.Commands.ReportMoney;

namespace AdPilot.Cli.Commands;

/// <summary>The result of <c>adpilot simulate</c>, as printed with <c>--json</c>: money rounded to cents in the store currency.</summary>
internal sealed record SimulateReport(int Days, ulong Seed, string Currency, IReadOnlyList<SimulatedPolicy> Policies)
{
    public static SimulateReport From(Scenario scenario, int days, IReadOnlyList<PolicyOutcome> outcomes) => new(
        days,
        scenario.Seed,
        scenario.Store.Currency,
        outcomes.Select(o => new SimulatedPolicy(
            o.Name,
            Cents(o.Total.Profit),
            Cents(o.Total.Revenue),
            Cents(o.Total.AdSpend),
            Cents(o.Total.Cogs),
            Math.Round(o.Total.Roas, 4),
            (long)Math.Round(o.Total.Conversions),
            o.FractionOfOracle is { } f ? Math.Round(f, 4) : null,
            o.LimitInterventions)).ToList());

    public string ToJson() => JsonSerializer.Serialize(this, CliJsonContext.Default.SimulateReport);

    public void Render(IAnsiConsole console, Scenario scenario)
    {
        var table = new Table()
            .Title($"{scenario.Name}: {scenario.AdSets.Count} ad sets, {Days} days, seed {Seed} ({Currency})")
            .AddColumn("policy")
            .AddColumn(new TableColumn("profit").RightAligned())
            .AddColumn(new TableColumn("revenue").RightAligned())
            .AddColumn(new TableColumn("spend").RightAligned())
            .AddColumn(new TableColumn("cost of goods").RightAligned())
            .AddColumn(new TableColumn("ROAS").RightAligned())
            .AddColumn(new TableColumn("orders").RightAligned())
            .AddColumn(new TableColumn("of oracle").RightAligned());
        foreach (var p in Policies)
        {
            table.AddRow(
                p.Name,
                Format(p.Profit),
                Format(p.Revenue),
                Format(p.Spend),
                Format(p.Cogs),
                p.Roas.ToString("0.00", CultureInfo.InvariantCulture),
                p.Conversions.ToString("N0", CultureInfo.InvariantCulture),
                p.FractionOfOracle is { } f ? f.ToString("P1", CultureInfo.InvariantCulture) : "n/a");
        }

        console.Write(table);
    }
}

/// <summary>One policy's line in <see cref="SimulateReport"/>.</summary>
internal sealed record SimulatedPolicy(
    string Name,
    decimal Profit,
    decimal Revenue,
    decimal Spend,
    decimal Cogs,
    double Roas,
    long Conversions,
    double? FractionOfOracle,
    long LimitInterventions);

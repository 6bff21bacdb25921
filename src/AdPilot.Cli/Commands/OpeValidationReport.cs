using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Training.OffPolicy;
using Spectre.Console;

namespace AdPilot.Cli.Commands;

/// <summary>The result of <c>adpilot ope validate</c>, as printed with <c>--json</c>.</summary>
internal sealed record OpeValidationReport(
    int Seeds,
    ulong FirstSeed,
    int Days,
    double DecisionsPerSeed,
    double MeanTruth,
    IReadOnlyList<OpeCoverageLine> Estimators)
{
    public static OpeValidationReport From(OffPolicyValidationReport report, ulong firstSeed, int days) => new(
        report.Seeds,
        firstSeed,
        days,
        Math.Round(report.DecisionsPerSeed, 2),
        Math.Round(report.MeanTruth, 4),
        [.. report.Estimators.Select(e => new OpeCoverageLine(e.Name, Math.Round(e.Coverage, 4), Math.Round(e.Bias, 4), Math.Round(e.Rmse, 4), Math.Round(e.MeanWidth, 4)))]);

    public string ToJson() => JsonSerializer.Serialize(this, OpeJsonContext.Default.OpeValidationReport);

    public void Render(IAnsiConsole console)
    {
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Estimators against the simulator's truth: {Seeds:N0} worlds (seeds {FirstSeed} to {FirstSeed + (ulong)Seeds - 1}) × {Days} days, {DecisionsPerSeed:N1} logged decisions each; the target's true value averages {MeanTruth:N2} per decision."));
        var table = new Table()
            .AddColumn("estimator")
            .AddColumn(new TableColumn("95% coverage").RightAligned())
            .AddColumn(new TableColumn("bias").RightAligned())
            .AddColumn(new TableColumn("RMSE").RightAligned())
            .AddColumn(new TableColumn("mean width").RightAligned());
        foreach (var e in Estimators)
        {
            table.AddRow(
                e.Name,
                e.Coverage.ToString("P1", CultureInfo.InvariantCulture),
                e.Bias.ToString("N2", CultureInfo.InvariantCulture),
                e.Rmse.ToString("N2", CultureInfo.InvariantCulture),
                e.MeanWidth.ToString("N2", CultureInfo.InvariantCulture));
        }

        console.Write(table);
    }
}

/// <summary>One estimator's line of <see cref="OpeValidationReport"/>.</summary>
internal sealed record OpeCoverageLine(string Name, double Coverage, double Bias, double Rmse, double MeanWidth);

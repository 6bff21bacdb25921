using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using AdPilot.Core.Rewards;
using AdPilot.Core.Training.Backtest;
using AdPilot.Runtime.Backtest;
using Spectre.Console;
using static AdPilot.Cli.Commands.ReportMoney;

namespace AdPilot.Cli.Commands;

/// <summary>The result of <c>adpilot backtest</c>, as printed with <c>--json</c>: money in the store currency, rounded to cents.</summary>
internal sealed record BacktestReport(
    DateTimeOffset From,
    DateTimeOffset To,
    string Currency,
    int AdSets,
    int Hours,
    string Attribution,
    BacktestActual Actual,
    BacktestPolicyEstimate Policy,
    BacktestDifference Difference,
    BacktestStore Store,
    BacktestGuardrails Guardrails,
    int ZeroFilledHours,
    int Proposals,
    string? ProposalsFile,
    IReadOnlyList<BacktestSource> Sources,
    IReadOnlyList<string> Warnings,
    BacktestModelFit ModelFit)
{
    public static BacktestReport Of(BacktestInput input, BacktestResult result, BacktestPolicy policy, string? proposalsFile)
    {
        var actual = result.Actual;
        var estimate = result.Policy.Totals;
        var model = result.Model;
        var diagnostics = model.Diagnostics;
        return new BacktestReport(
            result.FromUtc,
            result.ToUtc,
            result.Currency,
            result.AdSets,
            result.Hours,
            input.Attribution == RevenueSource.Modelled ? "modelled" : "utm",
            new BacktestActual(
                actual.Spend, Math.Round(actual.Revenue, 2), Math.Round(actual.Cogs, 2), Math.Round(actual.Orders, 4), Math.Round(actual.Profit, 2), Ratio(actual.Roas), result.Currency),
            new BacktestPolicyEstimate(
                result.Policy.Name,
                policy.Checkpoint,
                policy.Version,
                estimate.Profit,
                estimate.Revenue,
                estimate.Spend,
                estimate.Cogs,
                estimate.Orders,
                Ratio(estimate.Roas),
                result.Policy.ProfitLow is { } low && result.Policy.ProfitHigh is { } high ? [low, high] : null,
                result.Policy.BootstrapSamples),
            new BacktestDifference(estimate.Profit - Math.Round(actual.Profit, 2), estimate.Spend - actual.Spend, estimate.Revenue - Math.Round(actual.Revenue, 2)),
            new BacktestStore(result.Store.Orders, result.Store.Cancelled, result.Store.Gross, result.Store.Refunded, result.Store.Net, result.Store.InWindow),
            new BacktestGuardrails(
                result.Counts.Proposals, result.Counts.Changes, result.Counts.Allowed, result.Counts.Clamped, result.Counts.Blocked, result.Counts.ApprovalsNeeded),
            result.Counts.ZeroFilledHours,
            result.Proposals.Count,
            proposalsFile,
            input.Sources,
            [.. input.Warnings, .. result.Warnings],
            new BacktestModelFit(
                diagnostics.Hours,
                diagnostics.HoursWithSpend,
                diagnostics.AdSets,
                Math.Round(diagnostics.RSquared, 4),
                Math.Round(diagnostics.Rmse, 4),
                Cents(diagnostics.ActualRevenue),
                Cents(diagnostics.FittedRevenue),
                Math.Round(diagnostics.MeanDataWeight, 4),
                Math.Round(diagnostics.AccountInitialRoas, 4),
                Math.Round(diagnostics.AccountSaturationMultiple, 4),
                [.. model.HourProfile.Select(f => Math.Round(f, 4))],
                [.. model.AdSets.Select(a => new BacktestCurve(
                    a.AdSet.ExternalId,
                    a.AdSet.Platform == Core.Domain.Platform.TikTok ? "tiktok" : "instagram",
                    Math.Round(a.InitialRoas, 4),
                    Math.Round(a.TypicalRoas, 4),
                    Math.Round(a.HalfSaturationSpend, 4),
                    Math.Round(a.TypicalSpend, 4),
                    Math.Round(a.DataWeight, 4),
                    a.Hours,
                    Math.Round(a.RSquared, 4)))]));
    }

    public string ToJson() => JsonSerializer.Serialize(this, BacktestJsonContext.Default.BacktestReport);

    public void Render(IAnsiConsole console)
    {
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Backtest {From:yyyy-MM-dd HH:mm}Z – {To:yyyy-MM-dd HH:mm}Z: {AdSets} ad sets, {Hours} hours ({Currency}), attribution by {(Attribution == "utm" ? "UTM tags" : "the modelled split")}"));
        var table = new Table()
            .AddColumn(string.Empty)
            .AddColumn(new TableColumn("spend").RightAligned())
            .AddColumn(new TableColumn("revenue").RightAligned())
            .AddColumn(new TableColumn("cost of goods").RightAligned())
            .AddColumn(new TableColumn("orders").RightAligned())
            .AddColumn(new TableColumn("profit").RightAligned())
            .AddColumn(new TableColumn("ROAS").RightAligned());
        table.AddRow(
            "actual", Format(Actual.Spend), Format(Actual.Revenue), Format(Actual.Cogs), Actual.Orders.ToString("0.##", CultureInfo.InvariantCulture), Format(Actual.Profit), Roas(Actual.Roas));
        table.AddRow(
            Markup.Escape($"{Policy.Name} (estimated)"),
            Format(Policy.EstimatedSpend),
            Format(Policy.EstimatedRevenue),
            Format(Policy.EstimatedCogs),
            Policy.EstimatedOrders.ToString("0.##", CultureInfo.InvariantCulture),
            Format(Policy.EstimatedProfit),
            Roas(Policy.Roas));
        table.AddRow("difference", Format(Difference.Spend), Format(Difference.Revenue), string.Empty, string.Empty, Format(Difference.Profit), string.Empty);
        console.Write(table);
        if (Policy.Ci95 is [var low, var high])
        {
            console.WriteLine(string.Create(
                CultureInfo.InvariantCulture,
                $"Estimated profit, 95% interval over {Policy.BootstrapSamples} refits of the response model: {Format(low)} to {Format(high)} {Currency}"));
        }

        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Proposals: {Proposals} ({Guardrails.Changes} changed a budget or status; guardrails allowed {Guardrails.Allowed}, clamped {Guardrails.Clamped}, blocked {Guardrails.Blocked}, sent {Guardrails.ApprovalsNeeded} for approval){(ProposalsFile is null ? string.Empty : $", written to {ProposalsFile}")}"));
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Response model: R² {ModelFit.RSquared:0.000} over {ModelFit.Hours} ad set-hours, fitted revenue {Format(ModelFit.FittedRevenue)} vs actual {Format(ModelFit.ActualRevenue)}, mean data weight {ModelFit.MeanDataWeight:0.00}"));
        console.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"Store: {Store.Orders} orders ({Store.Cancelled} cancelled, {Store.InWindow} in the window), {Format(Store.Gross)} gross, {Format(Store.Refunded)} refunded, {Format(Store.Net)} net"));
        foreach (var warning in Warnings)
        {
            console.WriteLine("warning: " + warning);
        }
    }

    private static double? Ratio(double? value) => value is { } v ? Math.Round(v, 4) : null;

    private static string Roas(double? roas) => roas is { } r ? r.ToString("0.00", CultureInfo.InvariantCulture) : "n/a";
}

/// <summary>What really happened over the replayed ad set-hours.</summary>
internal sealed record BacktestActual(decimal Spend, decimal Revenue, decimal Cogs, decimal Orders, decimal Profit, double? Roas, string Currency);

/// <summary>The policy's estimated outcome.</summary>
internal sealed record BacktestPolicyEstimate(
    string Name,
    string? Checkpoint,
    string? CheckpointVersion,
    decimal EstimatedProfit,
    decimal EstimatedRevenue,
    decimal EstimatedSpend,
    decimal EstimatedCogs,
    decimal EstimatedOrders,
    double? Roas,
    [property: JsonPropertyName("ci95")] decimal[]? Ci95,
    int BootstrapSamples);

/// <summary>The policy's estimate minus what really happened.</summary>
internal sealed record BacktestDifference(decimal Profit, decimal Spend, decimal Revenue);

/// <summary>The store's orders, attributed or not.</summary>
internal sealed record BacktestStore(int Orders, int Cancelled, decimal Gross, decimal Refunded, decimal Net, int InWindow);

/// <summary>What the guardrails did to the proposals.</summary>
internal sealed record BacktestGuardrails(int Proposals, int Changes, int Allowed, int Clamped, int Blocked, int ApprovalsNeeded);

/// <summary>The response model's fit.</summary>
internal sealed record BacktestModelFit(
    int Hours,
    int HoursWithSpend,
    int AdSets,
    double RSquared,
    double Rmse,
    decimal ActualRevenue,
    decimal FittedRevenue,
    double MeanDataWeight,
    double AccountInitialRoas,
    double AccountSaturationMultiple,
    IReadOnlyList<double> HourProfile,
    IReadOnlyList<BacktestCurve> AdSetCurves);

/// <summary>One ad set's fitted curve.</summary>
internal sealed record BacktestCurve(
    string AdSet,
    string Platform,
    double InitialRoas,
    double TypicalRoas,
    double HalfSaturationSpend,
    double TypicalSpend,
    double DataWeight,
    int Hours,
    double RSquared);

/// <summary>One line of the <c>--proposals</c> JSON-lines file.</summary>
internal sealed record BacktestProposalLine(
    DateTimeOffset HourUtc,
    int LocalHour,
    string Platform,
    string AdSet,
    string Name,
    decimal BudgetBefore,
    double ProposedAdjustment,
    decimal ProposedBudget,
    string ProposedStatus,
    double Propensity,
    string Verdict,
    IReadOnlyList<string> Reasons,
    decimal BudgetAfter,
    decimal ActualBudget,
    decimal ActualSpend,
    decimal EstimatedSpend,
    decimal ActualRevenue,
    decimal EstimatedRevenue,
    bool ZeroFilled)
{
    public static BacktestProposalLine From(BacktestProposal p) => new(
        p.HourUtc,
        p.LocalHour,
        p.AdSet.Platform == Core.Domain.Platform.TikTok ? "tiktok" : "instagram",
        p.AdSet.ExternalId,
        p.Name,
        p.BudgetBefore,
        Math.Round(p.ProposedAdjustment, 6),
        p.ProposedBudget,
        p.ProposedStatus == Core.Domain.AdSetStatus.Active ? "active" : "paused",
        Math.Round(p.Propensity, 6),
        p.Verdict,
        p.Reasons,
        p.BudgetAfter,
        p.ActualBudget,
        p.ActualSpend,
        Math.Round(p.EstimatedSpend, 4),
        p.ActualRevenue,
        Math.Round(p.EstimatedRevenue, 4),
        p.ZeroFilled);
}

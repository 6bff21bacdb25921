using System.Text.Json.Serialization;

namespace AdPilot.Web.Dashboard;

/// <summary>A chart as dashboard.js draws it with Chart.js.</summary>
/// <param name="Type">Chart.js's chart type: <c>line</c> or <c>bar</c>.</param>
/// <param name="Labels">The x axis's labels.</param>
/// <param name="Datasets">The series.</param>
/// <param name="YTitle">The left axis's title.</param>
/// <param name="Y1Title">The right axis's title, when a series uses it.</param>
internal sealed record ChartPayload(string Type, IReadOnlyList<string> Labels, IReadOnlyList<ChartSeries> Datasets, string? YTitle = null, string? Y1Title = null);

/// <summary>One series of a chart.</summary>
/// <param name="Label">Its name.</param>
/// <param name="Data">One value per label; null where there is none.</param>
/// <param name="YAxisId">The axis, <c>y1</c> for the right one; the left when null.</param>
internal sealed record ChartSeries(string Label, IReadOnlyList<decimal?> Data, [property: JsonPropertyName("yAxisID")] string? YAxisId = null);

/// <summary>A platform's totals over the overview's range.</summary>
internal sealed record PlatformSummaryJson(
    string Platform, decimal Spend, decimal Revenue, decimal Cogs, decimal Profit, decimal? Roas, long Conversions, decimal PlatformReportedRevenue, long Impressions, long Clicks);

/// <summary>The overview's totals.</summary>
internal sealed record SummaryJson(string Store, string Currency, DateTimeOffset From, DateTimeOffset To, IReadOnlyList<PlatformSummaryJson> Platforms);

/// <summary>One row of <c>/dashboard/api/actions</c>.</summary>
internal sealed record ActionJson(
    long Id, string AdSet, DateTimeOffset Hour, string Stage, string Policy, string? Checkpoint, string Proposed, string? Final,
    string Verdict, IReadOnlyList<string> Reasons, string Status, string? Error, DateTimeOffset DecidedAt);

/// <summary>A page of <c>/dashboard/api/actions</c>.</summary>
internal sealed record ActionPageJson(long Total, int Page, int PageSize, IReadOnlyList<ActionJson> Rows);

/// <summary>One pending approval of <c>/dashboard/api/approvals</c> (the CLI's <c>approvals list --json</c> fields).</summary>
internal sealed record ApprovalJson(long Id, long ActionId, string AdSet, string Change, DateTimeOffset RequestedAt, DateTimeOffset? ExpiresAt);

/// <summary>The kill switch's state.</summary>
internal sealed record KillSwitchJson(bool Engaged, DateTimeOffset? EngagedAt, string? Reason);

/// <summary>Source-generated JSON of the dashboard's endpoints.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ChartPayload))]
[JsonSerializable(typeof(SummaryJson))]
[JsonSerializable(typeof(ActionPageJson))]
[JsonSerializable(typeof(IReadOnlyList<ApprovalJson>))]
[JsonSerializable(typeof(KillSwitchJson))]
[JsonSerializable(typeof(IReadOnlyList<AdPilot.Storage.Experiments.ExperimentListing>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class DashboardJsonContext : JsonSerializerContext;

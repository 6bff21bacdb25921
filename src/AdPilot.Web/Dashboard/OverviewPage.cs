using System.Text;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// The overview: spend, revenue, ROAS and profit (revenue − cost of goods − spend, from the rewards) by platform, by
/// creative group and over time, what the platforms themselves report, and the open alerts.
/// </summary>
internal static class OverviewPage
{
    public static RouteGroupBuilder MapOverview(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("", (HttpContext context, IDashboardQueries queries, IAlertStore alerts, KillSwitchService kill, TimeProvider time) =>
            DashboardEndpoints.ForStoreAsync(context, "Overview", "/dashboard", async (scope, antiforgery) =>
            {
                var ct = context.RequestAborted;
                var range = DashboardRange.Read(context.Request, time);
                var summary = await SummaryAsync(queries, scope, range, ct).ConfigureAwait(false);
                var creatives = await queries.CreativesAsync(scope.Id, range.From, range.To, ct).ConfigureAwait(false);
                var open = await alerts.ListOpenAsync(scope.Id, ct).ConfigureAwait(false);
                var state = await kill.GetStateAsync(scope.Id, ct).ConfigureAwait(false);
                return DashboardHtml.Page(context, antiforgery, "Overview", "/dashboard", scope, Body(scope, range, summary, creatives, open, state.Engaged));
            }));

        dashboard.MapGet("/api/summary", (HttpContext context, IDashboardQueries queries, TimeProvider time) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var range = DashboardRange.Read(context.Request, time);
                return Results.Json(await SummaryAsync(queries, scope, range, context.RequestAborted).ConfigureAwait(false), DashboardJsonContext.Default.SummaryJson);
            }));

        dashboard.MapGet("/api/performance", (HttpContext context, IDashboardQueries queries, TimeProvider time) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var range = DashboardRange.Read(context.Request, time);
                var points = await queries.PerformanceAsync(scope.Id, range.From, range.To, range.Bucket, scope.Zone, context.RequestAborted).ConfigureAwait(false);
                var buckets = points.GroupBy(p => p.Start).OrderBy(g => g.Key).ToList();
                decimal? Sum(IEnumerable<PerformancePoint> g, Func<PerformancePoint, decimal> f) => Math.Round(g.Sum(f), 2);
                var chart = new ChartPayload(
                    "line",
                    [.. buckets.Select(b => range.Label(b.Key, scope.Zone))],
                    [
                        new ChartSeries("Spend", [.. buckets.Select(b => Sum(b, p => p.Spend))]),
                        new ChartSeries("Revenue", [.. buckets.Select(b => Sum(b, p => p.Revenue))]),
                        new ChartSeries("Profit", [.. buckets.Select(b => Sum(b, p => p.Profit))]),
                        new ChartSeries("ROAS", [.. buckets.Select(b => Roas(b.Sum(p => p.Revenue), b.Sum(p => p.Spend)))], "y1"),
                    ],
                    scope.Currency,
                    "ROAS");
                return Results.Json(chart, DashboardJsonContext.Default.ChartPayload);
            }));

        dashboard.MapGet("/api/platforms", (HttpContext context, IDashboardQueries queries, TimeProvider time) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var range = DashboardRange.Read(context.Request, time);
                var points = await queries.PerformanceAsync(scope.Id, range.From, range.To, range.Bucket, scope.Zone, context.RequestAborted).ConfigureAwait(false);
                var labels = points.Select(p => p.Start).Distinct().Order().ToList();
                var series = points.GroupBy(p => p.Platform).OrderBy(g => g.Key).SelectMany(g =>
                {
                    var at = g.ToDictionary(p => p.Start);
                    var name = PlatformName(g.Key);
                    return new[]
                    {
                        new ChartSeries($"{name} profit", [.. labels.Select(l => at.TryGetValue(l, out var p) ? Math.Round(p.Profit, 2) : (decimal?)null)]),
                        new ChartSeries($"{name} ROAS", [.. labels.Select(l => at.TryGetValue(l, out var p) ? Roas(p.Revenue, p.Spend) : null)], "y1"),
                    };
                }).ToList();
                var chart = new ChartPayload("line", [.. labels.Select(l => range.Label(l, scope.Zone))], series, $"Profit ({scope.Currency})", "ROAS");
                return Results.Json(chart, DashboardJsonContext.Default.ChartPayload);
            }));

        dashboard.MapGet("/api/creatives", (HttpContext context, IDashboardQueries queries, TimeProvider time) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var range = DashboardRange.Read(context.Request, time);
                var groups = await queries.CreativesAsync(scope.Id, range.From, range.To, context.RequestAborted).ConfigureAwait(false);
                var chart = new ChartPayload(
                    "bar",
                    [.. groups.Select(g => $"{PlatformName(g.Platform)} · {CreativeName(g.CreativeGroup)}")],
                    [
                        new ChartSeries("Spend", [.. groups.Select(g => (decimal?)Math.Round(g.Spend, 2))]),
                        new ChartSeries("Revenue", [.. groups.Select(g => (decimal?)Math.Round(g.Revenue, 2))]),
                        new ChartSeries("Profit", [.. groups.Select(g => (decimal?)Math.Round(g.Profit, 2))]),
                    ],
                    scope.Currency);
                return Results.Json(chart, DashboardJsonContext.Default.ChartPayload);
            }));
        return dashboard;
    }

    public static string PlatformName(Platform platform) => platform == Platform.TikTok ? "TikTok" : "Instagram";

    /// <summary>The creative type a stored creative group reads as (the features' own reading of it).</summary>
    public static string CreativeName(string? group) =>
        group is null ? "unknown creative" : PlatformTargeting.CreativeTypeFromTags([group]).ToString().ToLowerInvariant();

    private static decimal? Roas(decimal revenue, decimal spend) => spend == 0 ? null : Math.Round(revenue / spend, 2);

    private static async Task<SummaryJson> SummaryAsync(IDashboardQueries queries, StoreScope scope, DashboardRange range, CancellationToken ct)
    {
        var totals = await queries.PerformanceAsync(scope.Id, range.From, range.To, TimeBucket.Day, scope.Zone, ct).ConfigureAwait(false);
        var insights = (await queries.PlatformInsightsAsync(scope.Id, range.From, range.To, ct).ConfigureAwait(false)).ToDictionary(i => i.Platform);
        var platforms = totals.Select(t => t.Platform).Concat(insights.Keys).Distinct().Order().Select(platform =>
        {
            var mine = totals.Where(t => t.Platform == platform).ToList();
            var reported = insights.GetValueOrDefault(platform);
            var spend = mine.Sum(t => t.Spend);
            var revenue = mine.Sum(t => t.Revenue);
            return new PlatformSummaryJson(
                PlatformName(platform).ToLowerInvariant(),
                Math.Round(spend, 2),
                Math.Round(revenue, 2),
                Math.Round(mine.Sum(t => t.Cogs), 2),
                Math.Round(mine.Sum(t => t.Profit), 2),
                Roas(revenue, spend),
                mine.Sum(t => t.Conversions),
                Math.Round(reported?.Revenue ?? 0m, 2),
                reported?.Impressions ?? 0,
                reported?.Clicks ?? 0);
        }).ToList();
        return new SummaryJson(scope.Store.Profile.ShopDomain, scope.Currency, range.From, range.To, platforms);
    }

    private static string Body(StoreScope scope, DashboardRange range, SummaryJson summary, IReadOnlyList<CreativePerformance> creatives, IReadOnlyList<Alert> alerts, bool killSwitch)
    {
        var html = new StringBuilder();
        if (killSwitch)
        {
            html.Append(Notice("The kill switch is engaged: AdPilot makes no change until it is released.", "error"));
        }

        html.Append("<form method=\"get\" class=\"filters\" action=\"/dashboard\">");
        if (scope.Stores.Count > 1)
        {
            html.Append("<input type=\"hidden\" name=\"store\" value=\"").Append(scope.Id).Append("\">");
        }

        html.Append("<label>Range<select name=\"days\">");
        foreach (var days in DashboardRange.DayChoices)
        {
            html.Append("<option value=\"").Append(days).Append('"').Append(days == range.Days ? " selected" : string.Empty).Append(">last ")
                .Append(days).Append(days == 1 ? " day" : " days").Append("</option>");
        }

        html.Append("</select></label><label>Points<select name=\"bucket\">")
            .Append("<option value=\"hour\"").Append(range.Bucket == TimeBucket.Hour ? " selected" : string.Empty).Append(">hourly</option>")
            .Append("<option value=\"day\"").Append(range.Bucket == TimeBucket.Day ? " selected" : string.Empty).Append(">daily</option>")
            .Append("</select></label><button type=\"submit\" class=\"secondary\">Show</button>")
            .Append("<span class=\"muted\">").Append(Time(range.From)).Append(" – ").Append(Time(range.To)).Append(", days in ").Append(E(scope.Store.Profile.TimeZone)).Append("</span></form>");

        var spend = summary.Platforms.Sum(p => p.Spend);
        var revenue = summary.Platforms.Sum(p => p.Revenue);
        var profit = summary.Platforms.Sum(p => p.Profit);
        html.Append("<div class=\"kpis\">")
            .Append(Kpi("Spend", Money(spend, scope.Currency)))
            .Append(Kpi("Revenue (Shopify)", Money(revenue, scope.Currency)))
            .Append(Kpi("ROAS", Ratio(spend == 0 ? null : revenue / spend)))
            .Append(Kpi("Profit", $"<span class=\"{(profit < 0 ? "neg" : "pos")}\">{Money(profit, scope.Currency)}</span>"))
            .Append(Kpi("Open alerts", alerts.Count.ToString(System.Globalization.CultureInfo.InvariantCulture)))
            .Append("</div>");

        var query = range.Query;
        html.Append("<div class=\"grid\">")
            .Append(Chart("Spend, revenue and profit", "chart-performance", scope.Link("/dashboard/api/performance", query)))
            .Append(Chart("Profit and ROAS by platform", "chart-platforms", scope.Link("/dashboard/api/platforms", query)))
            .Append("</div>");

        html.Append("<h2>By platform</h2><table id=\"platforms\"><thead><tr><th>Platform</th><th class=\"num\">Spend</th><th class=\"num\">Revenue</th>")
            .Append("<th class=\"num\">Cost of goods</th><th class=\"num\">Profit</th><th class=\"num\">ROAS</th><th class=\"num\">Orders</th>")
            .Append("<th class=\"num\">Platform-reported revenue</th><th class=\"num\">Impressions</th><th class=\"num\">Clicks</th></tr></thead><tbody>");
        foreach (var p in summary.Platforms)
        {
            html.Append("<tr><td>").Append(E(p.Platform)).Append("</td><td class=\"num\">").Append(Money(p.Spend, scope.Currency))
                .Append("</td><td class=\"num\">").Append(Money(p.Revenue, scope.Currency))
                .Append("</td><td class=\"num\">").Append(Money(p.Cogs, scope.Currency))
                .Append("</td><td class=\"num ").Append(p.Profit < 0 ? "neg" : "pos").Append("\">").Append(Money(p.Profit, scope.Currency))
                .Append("</td><td class=\"num\">").Append(Ratio(p.Roas))
                .Append("</td><td class=\"num\">").Append(p.Conversions)
                .Append("</td><td class=\"num\">").Append(Money(p.PlatformReportedRevenue, scope.Currency))
                .Append("</td><td class=\"num\">").Append(p.Impressions.ToString("N0", System.Globalization.CultureInfo.InvariantCulture))
                .Append("</td><td class=\"num\">").Append(p.Clicks.ToString("N0", System.Globalization.CultureInfo.InvariantCulture)).Append("</td></tr>");
        }

        if (summary.Platforms.Count == 0)
        {
            html.Append("<tr><td colspan=\"10\" class=\"muted\">No rewards or insights in this range yet.</td></tr>");
        }

        html.Append("</tbody></table>");

        html.Append("<h2>By creative</h2><div class=\"grid\">")
            .Append(Chart("Spend, revenue and profit by creative", "chart-creatives", scope.Link("/dashboard/api/creatives", query)))
            .Append("<div><table id=\"creatives\"><thead><tr><th>Platform</th><th>Creative</th><th class=\"num\">Ad sets</th><th class=\"num\">Spend</th>")
            .Append("<th class=\"num\">Revenue</th><th class=\"num\">ROAS</th><th class=\"num\">Profit</th></tr></thead><tbody>");
        foreach (var c in creatives)
        {
            html.Append("<tr><td>").Append(E(PlatformName(c.Platform))).Append("</td><td>").Append(E(CreativeName(c.CreativeGroup)))
                .Append("</td><td class=\"num\">").Append(c.AdSets)
                .Append("</td><td class=\"num\">").Append(Money(c.Spend, scope.Currency))
                .Append("</td><td class=\"num\">").Append(Money(c.Revenue, scope.Currency))
                .Append("</td><td class=\"num\">").Append(Ratio(c.Roas))
                .Append("</td><td class=\"num ").Append(c.Profit < 0 ? "neg" : "pos").Append("\">").Append(Money(c.Profit, scope.Currency)).Append("</td></tr>");
        }

        html.Append("</tbody></table></div></div>");

        html.Append("<h2>Open alerts</h2>");
        if (alerts.Count == 0)
        {
            html.Append("<p class=\"muted\" id=\"alerts\">No open alert.</p>");
        }
        else
        {
            html.Append("<table id=\"alerts\"><thead><tr><th>Raised</th><th>Severity</th><th>Kind</th><th>Message</th></tr></thead><tbody>");
            foreach (var a in alerts)
            {
                var severity = a.Severity.ToString().ToLowerInvariant();
                html.Append("<tr><td>").Append(Time(a.RaisedAt)).Append("</td><td><span class=\"badge ").Append(E(severity)).Append("\">").Append(E(severity))
                    .Append("</span></td><td>").Append(E(a.Kind)).Append("</td><td>").Append(E(a.Message)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        return html.ToString();
    }

    private static string Kpi(string label, string valueHtml) => $"<div class=\"kpi\"><div class=\"label\">{E(label)}</div><div class=\"value\">{valueHtml}</div></div>";

    /// <summary>A card with a canvas that dashboard.js fills from <paramref name="source"/>.</summary>
    public static string Chart(string title, string id, string source) =>
        $"<div class=\"card\"><h2>{E(title)}</h2><div class=\"chart\"><canvas id=\"{E(id)}\" data-chart=\"{E(source)}\" role=\"img\" aria-label=\"{E(title)}\"></canvas></div></div>";
}

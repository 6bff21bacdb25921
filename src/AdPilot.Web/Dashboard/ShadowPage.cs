using System.Globalization;
using System.Text;
using AdPilot.Runtime.Evidence.Shadow;
using AdPilot.Storage.Connections;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>The shadow comparison: the policy's suggestions beside people's changes, per ad set and day.</summary>
internal static class ShadowPage
{
    public static RouteGroupBuilder MapShadowComparison(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/shadow", (HttpContext context, StorageDatabase database, TimeProvider time) =>
            DashboardEndpoints.ForStoreAsync(context, "Shadow comparison", "/dashboard/shadow", async (scope, antiforgery) =>
            {
                var range = DashboardRange.Read(context.Request, time);
                var report = await ShadowReportQuery.LoadAsync(database, scope.Id, range.From, range.To, time, context.RequestAborted).ConfigureAwait(false);
                return DashboardHtml.Page(context, antiforgery, "Shadow comparison", "/dashboard/shadow", scope, Body(scope, range, report));
            }));
        return dashboard;
    }

    private static string Arrow(int? direction) => direction switch
    {
        1 => "<span class=\"pos\">▲ up</span>",
        -1 => "<span class=\"neg\">▼ down</span>",
        0 => "<span class=\"muted\">■ hold</span>",
        _ => "<span class=\"muted\">–</span>",
    };

    private static string Budget(decimal? from, decimal? to, string currency) =>
        from is null && to is null ? string.Empty : $"<br><span class=\"muted\">{(from is { } f ? Money(f, currency) : "?")} → {(to is { } t ? Money(t, currency) : "?")}</span>";

    private static string Body(StoreScope scope, DashboardRange range, ShadowReport report)
    {
        var days = report.Days.Select(r => r.Comparison).ToList();
        var both = days.Where(d => d.Agree is not null).ToList();
        var agreed = both.Count(d => d.Agree == true);
        var html = new StringBuilder();
        html.Append("<p>Per ad set and day (").Append(E(scope.Store.Profile.TimeZone)).Append("), the direction of the budgets the policy proposed ")
            .Append("beside the changes people made on the platforms (logged as <code>human</code> actions). Last ").Append(range.Days).Append(" days.</p>");
        html.Append("<div class=\"kpis\">")
            .Append("<div class=\"kpi\"><div class=\"label\">Ad set-days with a human change</div><div class=\"value\" id=\"human-days\">")
            .Append(days.Count(d => d.HumanChanges > 0)).Append("</div></div>")
            .Append("<div class=\"kpi\"><div class=\"label\">Policy agreed in direction</div><div class=\"value\" id=\"agreement\">")
            .Append(both.Count == 0 ? "–" : E(string.Create(CultureInfo.InvariantCulture, $"{agreed} of {both.Count} ({100.0 * agreed / both.Count:0}%)")))
            .Append("</div></div>")
            .Append("<div class=\"kpi\"><div class=\"label\">Policy would move, people did not</div><div class=\"value\">")
            .Append(days.Count(d => d.HumanChanges == 0 && d.PolicyDirection is 1 or -1)).Append("</div></div>");
        if (report.Value is { } value)
        {
            html.Append("<div class=\"kpi\"><div class=\"label\">Profit, people (what ran)</div><div class=\"value\" id=\"people-profit\">")
                .Append(E(Money(value.PeopleProfit, scope.Currency))).Append("</div></div>")
                .Append("<div class=\"kpi\"><div class=\"label\">Profit, policy (estimated)</div><div class=\"value\" id=\"policy-profit\">")
                .Append(E(Money(value.PolicyProfit, scope.Currency))).Append("</div></div>");
        }

        html.Append("</div><p class=\"muted\">").Append(E(report.ValueNote)).Append(". The full report with where they differ: <code>adpilot report shadow --html FILE</code>.</p>");

        html.Append("<form method=\"get\" class=\"filters\" action=\"/dashboard/shadow\">");
        if (scope.Stores.Count > 1)
        {
            html.Append("<input type=\"hidden\" name=\"store\" value=\"").Append(scope.Id).Append("\">");
        }

        html.Append("<label>Range<select name=\"days\">");
        foreach (var choice in DashboardRange.DayChoices)
        {
            html.Append("<option value=\"").Append(choice).Append('"').Append(choice == range.Days ? " selected" : string.Empty).Append(">last ").Append(choice).Append(" days</option>");
        }

        html.Append("</select></label><button type=\"submit\" class=\"secondary\">Show</button></form>");
        html.Append("<table id=\"shadow\"><thead><tr><th>Day</th><th>Ad set</th><th>Policy suggested</th><th class=\"num\">Decisions</th>")
            .Append("<th>People did</th><th class=\"num\">Human changes</th><th>Agree</th></tr></thead><tbody>");
        foreach (var d in days)
        {
            var agree = d.Agree switch
            {
                true => "<span class=\"badge allow\">agree</span>",
                false => "<span class=\"badge block\">differ</span>",
                null => "<span class=\"muted\">–</span>",
            };
            html.Append("<tr><td>").Append(E(d.DayText)).Append("</td><td class=\"mono\">").Append(E(ActionsLogPage.AdSetText(d.AdSet)))
                .Append("</td><td>").Append(Arrow(d.PolicyDirection)).Append(Budget(d.PolicyFrom, d.PolicyTo, scope.Currency))
                .Append("</td><td class=\"num\">").Append(d.Decisions)
                .Append("</td><td>").Append(d.HumanChanges == 0 ? "<span class=\"muted\">no change</span>" : Arrow(d.HumanDirection) + Budget(d.HumanFrom, d.HumanTo, scope.Currency))
                .Append("</td><td class=\"num\">").Append(d.HumanChanges).Append("</td><td>").Append(agree).Append("</td></tr>");
        }

        if (days.Count == 0)
        {
            html.Append("<tr><td colspan=\"7\" class=\"muted\">No decision in this range.</td></tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }
}

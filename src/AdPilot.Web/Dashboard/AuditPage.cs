using System.Globalization;
using System.Text;
using AdPilot.Storage.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// The admin audit trail: every approval, rejection, kill switch engagement, release and restore, mode change, checkpoint
/// promotion and rollback, secret set or rotated (names only) and webhook subscription change, newest first, with who
/// did it, from where and when. Read-only: nothing on the dashboard changes the trail.
/// </summary>
internal static class AuditPage
{
    private const int Limit = 200;

    public static RouteGroupBuilder MapAudit(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/audit", (HttpContext context, IAdminAuditStore audit) =>
            DashboardEndpoints.ForStoreAsync(context, "Audit", "/dashboard/audit", async (scope, antiforgery) =>
            {
                var entries = await audit.ListAsync(scope.Id, null, Limit, context.RequestAborted).ConfigureAwait(false);
                var html = new StringBuilder();
                html.Append("<p>Every admin action, newest first (at most ").Append(Limit.ToString(CultureInfo.InvariantCulture))
                    .Append("; <code>adpilot audit --since T</code> reads further). The trail is append-only.</p>")
                    .Append("<table id=\"audit\"><thead><tr><th>When</th><th>Who</th><th>From</th><th>Action</th><th>On</th><th>Details</th></tr></thead><tbody>");
                foreach (var e in entries)
                {
                    html.Append("<tr data-action=\"").Append(E(e.Action)).Append("\"><td>").Append(Time(e.At)).Append("</td><td>").Append(E(e.Actor))
                        .Append("</td><td>").Append(E(e.Source)).Append("</td><td>").Append(E(e.Action)).Append("</td><td class=\"mono\">").Append(E(e.Target))
                        .Append("</td><td class=\"mono\">").Append(E(e.Details)).Append("</td></tr>");
                }

                if (entries.Count == 0)
                {
                    html.Append("<tr><td colspan=\"6\" class=\"muted\">No admin action recorded yet.</td></tr>");
                }

                html.Append("</tbody></table>");
                return Page(context, antiforgery, "Audit", "/dashboard/audit", scope, html.ToString());
            }));
        return dashboard;
    }
}

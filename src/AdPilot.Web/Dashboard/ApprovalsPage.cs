using System.Globalization;
using System.Text;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Dashboard;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// The changes the guardrails held for a person: approve (the next cycle applies it) or reject, with the same rules as
/// <c>adpilot approvals</c> (a decided or expired approval is refused), recording who decided.
/// </summary>
internal static class ApprovalsPage
{
    public static RouteGroupBuilder MapApprovals(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/approvals", (HttpContext context, IApprovalStore approvals, IActionLog log, IDashboardQueries queries) =>
            DashboardEndpoints.ForStoreAsync(context, "Approvals", "/dashboard/approvals", (scope, antiforgery) =>
                RenderAsync(context, antiforgery, scope, approvals, log, queries, Notice(context.Request.Query["done"]), StatusCodes.Status200OK)));

        dashboard.MapGet("/api/approvals", (HttpContext context, IApprovalStore approvals, IActionLog log) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var rows = await PendingAsync(scope.Id, approvals, log, context.RequestAborted).ConfigureAwait(false);
                return Results.Json<IReadOnlyList<ApprovalJson>>(
                    [.. rows.Select(r => new ApprovalJson(r.Approval.Id, r.Approval.ActionId, r.AdSet, r.Change, r.Approval.RequestedAt, r.Approval.ExpiresAt))],
                    DashboardJsonContext.Default.IReadOnlyListApprovalJson);
            }));

        foreach (var (verb, approve) in new[] { ("approve", true), ("reject", false) })
        {
            dashboard.MapPost($"/approvals/{{id:long}}/{verb}", (HttpContext context, long id, IFormCollection form, IApprovalStore approvals, IActionLog log, IDashboardQueries queries, ILoggerFactory loggers) =>
                DashboardEndpoints.ForStoreAsync(context, "Approvals", "/dashboard/approvals", async (scope, antiforgery) =>
                {
                    var who = DashboardAuth.Who(context);
                    string? note = form["note"];
                    try
                    {
                        var decided = await approvals.DecideAsync(scope.Id, id, approve, who, string.IsNullOrWhiteSpace(note) ? null : note.Trim(), context.RequestAborted)
                            .ConfigureAwait(false);
                        loggers.CreateLogger(typeof(ApprovalsPage).FullName!).ApprovalDecided(decided.Id, scope.Id, approve ? "approved" : "rejected", who);
                        return Results.Redirect(scope.Link("/dashboard/approvals", string.Create(CultureInfo.InvariantCulture, $"done={(approve ? "approved" : "rejected")}-{decided.Id}")), permanent: false);
                    }
                    catch (InvalidOperationException ex)
                    {
                        return await RenderAsync(
                            context, antiforgery, scope, approvals, log, queries,
                            DashboardHtml.Notice($"Approval {id} cannot be {(approve ? "approved" : "rejected")}: {ex.Message}.", "error"),
                            StatusCodes.Status409Conflict).ConfigureAwait(false);
                    }
                }));
        }

        return dashboard;
    }

    /// <summary>The notice after a decision, from a fixed set (never text from the query).</summary>
    private static string Notice(string? done)
    {
        if (string.IsNullOrEmpty(done) || done.IndexOf('-', StringComparison.Ordinal) is var dash && dash < 0
            || !long.TryParse(done.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return string.Empty;
        }

        return done[..dash] switch
        {
            "approved" => DashboardHtml.Notice($"Approval {id} approved: the next cycle applies it."),
            "rejected" => DashboardHtml.Notice($"Approval {id} rejected: it will not be applied."),
            _ => string.Empty,
        };
    }

    private static async Task<IReadOnlyList<PendingRow>> PendingAsync(long storeId, IApprovalStore approvals, IActionLog log, CancellationToken ct)
    {
        var pending = await approvals.ListPendingAsync(storeId, ct).ConfigureAwait(false);
        var rows = new List<PendingRow>(pending.Count);
        foreach (var approval in pending)
        {
            var action = await log.GetAsync(storeId, approval.ActionId, ct).ConfigureAwait(false);
            rows.Add(new PendingRow(
                approval,
                action is null ? string.Empty : ActionsLogPage.AdSetText(action.Decision.AdSet),
                action?.Decision.FinalActionJson ?? action?.Decision.ProposedActionJson ?? string.Empty,
                action));
        }

        return rows;
    }

    private static async Task<IResult> RenderAsync(
        HttpContext context, IAntiforgery antiforgery, StoreScope scope, IApprovalStore approvals, IActionLog log, IDashboardQueries queries, string notice, int status)
    {
        var ct = context.RequestAborted;
        var pending = await PendingAsync(scope.Id, approvals, log, ct).ConfigureAwait(false);
        var recent = await queries.RecentDecisionsAsync(scope.Id, 20, ct).ConfigureAwait(false);
        var html = new StringBuilder(notice);
        if (context.RequestServices.GetService(typeof(Storage.Experiments.ExperimentStore)) is Storage.Experiments.ExperimentStore experiments)
        {
            var waiting = (await experiments.ListAsync(scope.Id, ct).ConfigureAwait(false)).Count(e => e.Status == Storage.Experiments.ExperimentStatus.Proposed);
            if (waiting > 0)
            {
                html.Append("<p class=\"notice info\" id=\"experiments-waiting\">")
                    .Append(waiting.ToString(CultureInfo.InvariantCulture))
                    .Append(waiting == 1 ? " targeting experiment waits" : " targeting experiments wait")
                    .Append(" for a decision on the <a href=\"").Append(E(scope.Link("/dashboard/experiments", null))).Append("\">Experiments</a> page.</p>");
            }
        }

        html.Append("<p>Changes the guardrails held for a person. Approving one writes its intent; the next hourly cycle applies it ")
            .Append("(unless the kill switch is engaged). A decided or expired request cannot be decided again.</p>");
        html.Append("<table id=\"pending\"><thead><tr><th>#</th><th>Ad set</th><th>Change</th><th>Why it was held</th><th>Asked</th><th>Expires</th><th></th></tr></thead><tbody>");
        foreach (var row in pending)
        {
            var id = row.Approval.Id.ToString(CultureInfo.InvariantCulture);
            var reasons = row.Action?.Decision.GuardrailReasons ?? [];
            var was = row.Action is { } a ? StateBudget(a.Decision.StateJson, scope.Currency) : string.Empty;
            html.Append("<tr data-approval=\"").Append(id).Append("\"><td>").Append(id).Append("</td><td class=\"mono\">").Append(E(row.AdSet))
                .Append("</td><td>").Append(E(ActionsLogPage.Change(row.Change))).Append(was)
                .Append("</td><td>").Append(string.Join("<br>", reasons.Select(E)))
                .Append("</td><td>").Append(Time(row.Approval.RequestedAt)).Append("</td><td>").Append(row.Approval.ExpiresAt is null ? "never" : Time(row.Approval.ExpiresAt))
                .Append("</td><td><form method=\"post\" class=\"inline\" action=\"/dashboard/approvals/").Append(id).Append("/approve\">")
                .Append(Antiforgery(context, antiforgery)).Append(StoreField(scope))
                .Append("<input type=\"text\" name=\"note\" placeholder=\"note (optional)\" maxlength=\"500\" aria-label=\"note\">")
                .Append("<button type=\"submit\" class=\"approve\">Approve</button></form> ")
                .Append("<form method=\"post\" class=\"inline\" action=\"/dashboard/approvals/").Append(id).Append("/reject\">")
                .Append(Antiforgery(context, antiforgery)).Append(StoreField(scope))
                .Append("<button type=\"submit\" class=\"secondary reject\">Reject</button></form></td></tr>");
        }

        if (pending.Count == 0)
        {
            html.Append("<tr><td colspan=\"7\" class=\"muted\">No change is waiting for approval.</td></tr>");
        }

        html.Append("</tbody></table><h2>Recently decided</h2><table id=\"decided\"><thead><tr><th>#</th><th>Ad set</th><th>Decision</th><th>By</th><th>When</th><th>Note</th></tr></thead><tbody>");
        foreach (var d in recent)
        {
            var decision = ActionsLogPage.Text(d.Status);
            html.Append("<tr><td>").Append(d.Id).Append("</td><td class=\"mono\">").Append(E(ActionsLogPage.AdSetText(d.AdSet)))
                .Append("</td><td><span class=\"badge ").Append(E(decision)).Append("\">").Append(E(decision)).Append("</span></td><td>").Append(E(d.DecidedBy ?? "–"))
                .Append("</td><td>").Append(Time(d.DecidedAt)).Append("</td><td>").Append(E(d.Note)).Append("</td></tr>");
        }

        if (recent.Count == 0)
        {
            html.Append("<tr><td colspan=\"6\" class=\"muted\">None yet.</td></tr>");
        }

        html.Append("</tbody></table>");
        return Page(context, antiforgery, "Approvals", "/dashboard/approvals", scope, html.ToString(), status);
    }

    /// <summary>The budget the decision saw, for "from → to".</summary>
    private static string StateBudget(string stateJson, string currency)
    {
        try
        {
            using var state = System.Text.Json.JsonDocument.Parse(stateJson);
            return state.RootElement.ValueKind == System.Text.Json.JsonValueKind.Object
                && state.RootElement.TryGetProperty("current_budget", out var budget) && budget.ValueKind == System.Text.Json.JsonValueKind.Number && budget.TryGetDecimal(out var amount)
                    ? $"<br><span class=\"muted\">now {Money(amount, currency)}</span>"
                    : string.Empty;
        }
        catch (System.Text.Json.JsonException)
        {
            return string.Empty;
        }
    }

    /// <summary>The chosen store, carried by a form.</summary>
    public static string StoreField(StoreScope scope) =>
        $"<input type=\"hidden\" name=\"store\" value=\"{scope.Id.ToString(CultureInfo.InvariantCulture)}\">";

    private sealed record PendingRow(Approval Approval, string AdSet, string Change, ActionLogEntry? Action);
}

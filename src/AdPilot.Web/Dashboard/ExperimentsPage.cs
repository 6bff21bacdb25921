using System.Globalization;
using System.Text;
using AdPilot.Core.Domain;
using AdPilot.Storage.Experiments;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// Targeting experiments through A/B copies: every experiment with its arms, budgets, period and verdict; a proposed one
/// can be approved or rejected, a started one ended early, with the same rules as <c>adpilot experiments</c> and recorded
/// in the admin audit trail with who did it.
/// </summary>
internal static class ExperimentsPage
{
    private const string Path = "/dashboard/experiments";

    public static RouteGroupBuilder MapExperiments(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/experiments", (HttpContext context, ExperimentStore experiments) =>
            DashboardEndpoints.ForStoreAsync(context, "Experiments", Path, (scope, antiforgery) =>
                RenderAsync(context, antiforgery, scope, experiments, Notice(context.Request.Query["done"]), StatusCodes.Status200OK)));

        dashboard.MapGet("/api/experiments", (HttpContext context, ExperimentStore experiments) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var all = await experiments.ListAsync(scope.Id, context.RequestAborted).ConfigureAwait(false);
                return Results.Json<IReadOnlyList<ExperimentListing>>([.. all.Select(ExperimentListing.From)], DashboardJsonContext.Default.IReadOnlyListExperimentListing);
            }));

        foreach (var verb in new[] { "approve", "reject", "end" })
        {
            // The form parameter makes the endpoint read the form, and so check its antiforgery token, before anything runs.
            dashboard.MapPost($"/experiments/{{id:long}}/{verb}", (HttpContext context, long id, IFormCollection form, ExperimentStore experiments, ILoggerFactory loggers) =>
                DashboardEndpoints.ForStoreAsync(context, "Experiments", Path, async (scope, antiforgery) =>
                {
                    var who = DashboardAuth.Who(context);
                    _ = form;
                    try
                    {
                        var done = verb switch
                        {
                            "approve" => await experiments.DecideAsync(scope.Id, id, approve: true, who, context.RequestAborted).ConfigureAwait(false),
                            "reject" => await experiments.DecideAsync(scope.Id, id, approve: false, who, context.RequestAborted).ConfigureAwait(false),
                            _ => await experiments.RequestEndAsync(scope.Id, id, who, context.RequestAborted).ConfigureAwait(false),
                        };
                        loggers.CreateLogger(typeof(ExperimentsPage).FullName!).ExperimentActed(done.Id, scope.Id, verb, who);
                        return Results.Redirect(scope.Link(Path, string.Create(CultureInfo.InvariantCulture, $"done={verb}-{done.Id}")), permanent: false);
                    }
                    catch (InvalidOperationException ex)
                    {
                        return await RenderAsync(
                            context, antiforgery, scope, experiments, DashboardHtml.Notice($"Experiment {id} cannot be {Past(verb)}: {ex.Message}.", "error"), StatusCodes.Status409Conflict)
                            .ConfigureAwait(false);
                    }
                }));
        }

        return dashboard;
    }

    private static string Past(string verb) => verb switch
    {
        "approve" => "approved",
        "reject" => "rejected",
        _ => "ended",
    };

    /// <summary>The notice after an action, from a fixed set (never text from the query).</summary>
    private static string Notice(string? done)
    {
        if (string.IsNullOrEmpty(done) || done.IndexOf('-', StringComparison.Ordinal) is var dash && dash < 0
            || !long.TryParse(done.AsSpan(dash + 1), NumberStyles.None, CultureInfo.InvariantCulture, out var id))
        {
            return string.Empty;
        }

        return done[..dash] switch
        {
            "approve" => DashboardHtml.Notice($"Experiment {id} approved: the loop starts it at its account's next cycle in the expand stage."),
            "reject" => DashboardHtml.Notice($"Experiment {id} rejected: nothing will be done."),
            "end" => DashboardHtml.Notice($"Experiment {id}: end requested; its account's next cycle pauses the copy and gives the original its budget back."),
            _ => string.Empty,
        };
    }

    private static async Task<IResult> RenderAsync(
        HttpContext context, IAntiforgery antiforgery, StoreScope scope, ExperimentStore experiments, string notice, int status)
    {
        var all = await experiments.ListAsync(scope.Id, context.RequestAborted).ConfigureAwait(false);
        var html = new StringBuilder(notice);
        html.Append("<p>A targeting change is never made to a running ad set. It is tested instead: once approved, and in the expand stage, ")
            .Append("AdPilot copies the ad set with the new targeting onto a small test budget taken from the original, runs both untouched ")
            .Append("by the policy, then compares their Shopify-attributed profit with a paired t-test. The winner keeps the whole budget and ")
            .Append("the loser is paused. The kill switch, or the End button, stops an experiment: the copy is paused and the original gets its budget back.</p>");
        html.Append("<table id=\"experiments\"><thead><tr><th>#</th><th>Status</th><th>Ad set</th><th>Targeting</th><th>Budgets</th><th>Period</th>")
            .Append("<th>Profit</th><th>Verdict</th><th>Proposed</th><th></th></tr></thead><tbody>");
        foreach (var e in all)
        {
            var id = e.Id.ToString(CultureInfo.InvariantCulture);
            var word = ExperimentText.Of(e.Status);
            html.Append("<tr data-experiment=\"").Append(id).Append("\"><td>").Append(id)
                .Append("</td><td><span class=\"badge ").Append(E(word)).Append("\">").Append(E(word)).Append("</span>")
                .Append(e.EndRequestedBy is { } by && e.IsOpen ? $"<br><span class=\"muted\">end asked by {E(by)}</span>" : string.Empty)
                .Append("</td><td class=\"mono\">").Append(E(ActionsLogPage.AdSetText(e.Original)))
                .Append(e.Copy is { } copy ? $"<br>copy {E(ActionsLogPage.AdSetText(copy))}" : string.Empty)
                .Append("</td><td>").Append(E(TargetingText.Describe(e.FromAgeGroup, e.FromInterests))).Append(" →<br>").Append(E(TargetingText.Describe(e.ToAgeGroup, e.ToInterests)))
                .Append("</td><td>").Append(e is { OriginalBudget: { } total, TestBudget: { } test }
                    ? $"original {Money(total - test, e.Currency)}<br>copy {Money(test, e.Currency)}<br><span class=\"muted\">of {Money(total, e.Currency)}/day</span>"
                    : "–")
                .Append("</td><td>").Append(e.StartedAt is null ? "–" : $"{Time(e.StartedAt)} →<br>{Time(e.EndsAt)}")
                .Append("</td><td>").Append(e is { OriginalProfit: { } op, CopyProfit: { } cp } ? $"original {Money(op, e.Currency)}<br>copy {Money(cp, e.Currency)}" : "–")
                .Append("</td><td>").Append(e.Winner is { } w ? $"<strong>{E(ExperimentText.Of(w))}</strong>" + (e.PValue is { } p ? E(string.Create(CultureInfo.InvariantCulture, $" (p = {p:0.####})")) : string.Empty) + "<br>" : string.Empty)
                .Append(E(e.Outcome ?? e.Reason))
                .Append("</td><td>").Append(Time(e.ProposedAt)).Append("<br><span class=\"muted\">").Append(E(e.ProposedBy)).Append("</span>")
                .Append(e.DecidedBy is { } decider ? $"<br><span class=\"muted\">decided by {E(decider)}</span>" : string.Empty)
                .Append("</td><td>");
            if (e.Status == ExperimentStatus.Proposed)
            {
                html.Append(Form(context, antiforgery, scope, id, "approve", "Approve", "approve")).Append(' ')
                    .Append(Form(context, antiforgery, scope, id, "reject", "Reject", "secondary reject"));
            }

            if (e.IsOpen && e.EndRequestedBy is null)
            {
                html.Append(' ').Append(Form(context, antiforgery, scope, id, "end", e.HoldsAdSets ? "End" : "Withdraw", "secondary end"));
            }

            html.Append("</td></tr>");
        }

        if (all.Count == 0)
        {
            html.Append("<tr><td colspan=\"10\" class=\"muted\">No targeting experiment yet. A policy's targeting proposal, or <code>adpilot experiments propose</code>, starts one.</td></tr>");
        }

        html.Append("</tbody></table>");
        return Page(context, antiforgery, "Experiments", Path, scope, html.ToString(), status);
    }

    private static string Form(HttpContext context, IAntiforgery antiforgery, StoreScope scope, string id, string verb, string label, string css) =>
        $"<form method=\"post\" class=\"inline\" action=\"{Path}/{id}/{verb}\">{Antiforgery(context, antiforgery)}{ApprovalsPage.StoreField(scope)}<button type=\"submit\" class=\"{css}\">{E(label)}</button></form>";
}

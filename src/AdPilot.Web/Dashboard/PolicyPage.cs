using System.Globalization;
using System.Text;
using AdPilot.Runtime.Loop;
using AdPilot.Runtime.Platforms;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Dashboard;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>The policy's view: each account's live policy (kind, epsilon, Q-table size), the daily reward, the checkpoints.</summary>
internal static class PolicyPage
{
    public static RouteGroupBuilder MapPolicyView(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/policy", (HttpContext context, IDashboardQueries queries, ICheckpointStore checkpoints, PolicyHost policies, AdPlatforms platforms) =>
            DashboardEndpoints.ForStoreAsync(context, "Policy", "/dashboard/policy", async (scope, antiforgery) =>
            {
                var ct = context.RequestAborted;
                var stored = await checkpoints.ListAsync(scope.Id, ct).ConfigureAwait(false);
                var versions = await queries.PolicyVersionsAsync(scope.Id, ct).ConfigureAwait(false);
                var live = platforms.Accounts.Select(a => (Account: a, Info: policies.Describe(scope.Id, a))).ToList();
                return DashboardHtml.Page(context, antiforgery, "Policy", "/dashboard/policy", scope, Body(scope, policies.PolicyName, live, stored, versions));
            }));

        dashboard.MapGet("/api/rewards", (HttpContext context, IDashboardQueries queries, TimeProvider time) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var range = DashboardRange.Read(context.Request, time);
                var days = await queries.DailyRewardsAsync(scope.Id, range.From, range.To, scope.Zone, context.RequestAborted).ConfigureAwait(false);
                var chart = new ChartPayload(
                    "bar",
                    [.. days.Select(d => d.Day.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture))],
                    [
                        new ChartSeries("Reward (sum of the day)", [.. days.Select(d => (decimal?)Math.Round((decimal)d.Reward, 2))]),
                        new ChartSeries("Profit", [.. days.Select(d => (decimal?)Math.Round(d.Profit, 2))]),
                    ],
                    scope.Currency);
                return Results.Json(chart, DashboardJsonContext.Default.ChartPayload);
            }));
        return dashboard;
    }

    private static string Body(
        StoreScope scope,
        string policyName,
        IReadOnlyList<(Core.Platforms.AdAccountRef Account, LivePolicyInfo? Info)> live,
        IReadOnlyList<StoredCheckpoint> checkpoints,
        IReadOnlyList<PolicyVersionUse> versions)
    {
        var html = new StringBuilder();
        html.Append("<p>The loop runs the <strong>").Append(E(policyName)).Append("</strong> policy. ")
            .Append("Live figures are read from this process's policies; an account shows them after its first cycle here.</p>");
        html.Append("<table id=\"live-policies\"><thead><tr><th>Account</th><th>Policy</th><th>Agent</th><th class=\"num\">Epsilon</th>")
            .Append("<th class=\"num\">Q-table / parameters</th><th class=\"num\">Updates</th><th class=\"num\">Learning rate</th><th>Checkpoint</th></tr></thead><tbody>");
        foreach (var (account, info) in live)
        {
            html.Append("<tr><td>").Append(E(account.ToString())).Append("</td>");
            if (info is null)
            {
                html.Append("<td colspan=\"7\" class=\"muted\">not loaded in this process yet</td></tr>");
                continue;
            }

            var m = info.Metrics;
            html.Append("<td>").Append(E(info.PolicyName)).Append("</td><td>").Append(E(info.AgentKind ?? "baseline")).Append("</td>")
                .Append("<td class=\"num\">").Append(m?.Epsilon is { } eps ? E(eps.ToString("0.000", CultureInfo.InvariantCulture)) : "–").Append("</td>")
                .Append("<td class=\"num\">").Append(m?.TableSize is { } size ? E(size.ToString("N0", CultureInfo.InvariantCulture)) : "–").Append("</td>")
                .Append("<td class=\"num\">").Append(m is { } mm ? E(mm.Updates.ToString("N0", CultureInfo.InvariantCulture)) : info.Busy ? "busy" : "–").Append("</td>")
                .Append("<td class=\"num\">").Append(m?.LearningRate is { } lr ? E(lr.ToString("0.#####", CultureInfo.InvariantCulture)) : "–").Append("</td>")
                .Append("<td class=\"mono\">").Append(E(info.CheckpointVersion ?? "untrained")).Append("</td></tr>");
        }

        if (live.Count == 0)
        {
            html.Append("<tr><td colspan=\"8\" class=\"muted\">No ad account is configured.</td></tr>");
        }

        html.Append("</tbody></table>");
        html.Append("<div class=\"grid\" style=\"margin-top:1rem\">")
            .Append(OverviewPage.Chart("Reward per day (last 30 days)", "chart-rewards", scope.Link("/dashboard/api/rewards", "days=30&bucket=day")))
            .Append("</div>");

        html.Append("<h2>Checkpoints</h2>");
        if (checkpoints.Count == 0)
        {
            html.Append("<p class=\"muted\">No checkpoint is registered in the checkpoints table; the loop keeps its online checkpoints as files, listed below by run.</p>");
        }
        else
        {
            html.Append("<table id=\"checkpoints\"><thead><tr><th>Version</th><th>Agent</th><th>Status</th><th>Created</th><th>Promoted</th><th>File</th></tr></thead><tbody>");
            foreach (var c in checkpoints)
            {
                var status = c.Status.ToString().ToLowerInvariant();
                html.Append("<tr><td class=\"mono\">").Append(E(c.Checkpoint.Version)).Append("</td><td>").Append(E(c.Checkpoint.AgentKind))
                    .Append("</td><td><span class=\"badge ").Append(E(status)).Append("\">").Append(E(status)).Append("</span></td><td>")
                    .Append(Time(c.CreatedAt)).Append("</td><td>").Append(Time(c.PromotedAt)).Append("</td><td class=\"mono\">")
                    .Append(E(c.Checkpoint.ModelBlobLocation)).Append("</td></tr>");
            }

            html.Append("</tbody></table>");
        }

        // The loop saves an online checkpoint every cycle ("{run}@{hour}"): one line per policy, version and run, with the
        // first and last checkpoint of the run.
        var runs = versions
            .GroupBy(v => (v.PolicyName, v.PolicyVersion, Run: v.CheckpointVersion?.Split('@')[0]))
            .Select(g => (g.Key, Checkpoints: g.Where(v => v.CheckpointVersion is not null).OrderBy(v => v.FirstDecidedAt).ToList(),
                Decisions: g.Sum(v => v.Decisions), First: g.Min(v => v.FirstDecidedAt), Last: g.Max(v => v.LastDecidedAt)))
            .OrderByDescending(r => r.Last)
            .ToList();
        html.Append("<h2>Versions in the actions log</h2><table id=\"versions\"><thead><tr><th>Policy</th><th>Version</th><th>Checkpoint run</th>")
            .Append("<th class=\"num\">Checkpoints</th><th>Latest checkpoint</th><th class=\"num\">Decisions</th><th>First</th><th>Last</th></tr></thead><tbody>");
        foreach (var r in runs)
        {
            html.Append("<tr><td>").Append(E(r.Key.PolicyName)).Append("</td><td>").Append(E(r.Key.PolicyVersion)).Append("</td><td class=\"mono\">")
                .Append(E(r.Key.Run ?? "–")).Append("</td><td class=\"num\">").Append(r.Checkpoints.Count)
                .Append("</td><td class=\"mono\">").Append(E(r.Checkpoints.Count == 0 ? "–" : r.Checkpoints[^1].CheckpointVersion))
                .Append("</td><td class=\"num\">").Append(r.Decisions.ToString("N0", CultureInfo.InvariantCulture))
                .Append("</td><td>").Append(Time(r.First)).Append("</td><td>").Append(Time(r.Last)).Append("</td></tr>");
        }

        if (runs.Count == 0)
        {
            html.Append("<tr><td colspan=\"8\" class=\"muted\">No decision logged yet.</td></tr>");
        }

        html.Append("</tbody></table>");
        return html.ToString();
    }
}

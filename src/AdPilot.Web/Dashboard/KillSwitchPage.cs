using System.Globalization;
using System.Text;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Platforms;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Audit;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Logging;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>
/// The kill switch, as <c>adpilot killswitch</c>: its state; engaging it (after a confirmation page), optionally restoring
/// every configured account's ad sets to their last human budgets through the platforms; releasing it.
/// </summary>
internal static class KillSwitchPage
{
    public static RouteGroupBuilder MapKillSwitch(this RouteGroupBuilder dashboard)
    {
        dashboard.MapGet("/killswitch", (HttpContext context, KillSwitchService kill, AdPlatforms platforms) =>
            DashboardEndpoints.ForStoreAsync(context, "Kill switch", "/dashboard/killswitch", async (scope, antiforgery) =>
            {
                var state = await kill.GetStateAsync(scope.Id, context.RequestAborted).ConfigureAwait(false);
                var html = new StringBuilder(State(state));
                if (state.Engaged)
                {
                    html.Append("<form method=\"post\" action=\"/dashboard/killswitch/release\" class=\"card\">").Append(Antiforgery(context, antiforgery))
                        .Append(ApprovalsPage.StoreField(scope))
                        .Append("<p>Releasing lets AdPilot change budgets again from the next hourly cycle.</p>")
                        .Append("<button type=\"submit\" id=\"release\">Release the kill switch</button></form>");
                }

                html.Append("<form method=\"get\" action=\"/dashboard/killswitch/confirm\" class=\"card danger-zone\">")
                    .Append(scope.Stores.Count > 1 ? $"<input type=\"hidden\" name=\"store\" value=\"{scope.Id}\">" : string.Empty)
                    .Append("<p>Engaging the kill switch stops every change AdPilot makes, from the next cycle on, until it is released.</p>")
                    .Append("<label><input type=\"checkbox\" name=\"restore\" value=\"1\" id=\"restore\" checked> Also restore the last budgets people set, ")
                    .Append("on every ad set of the configured accounts (").Append(E(string.Join(", ", platforms.Accounts.Select(a => a.ToString())))).Append(")</label>")
                    .Append("<button type=\"submit\" class=\"danger\" id=\"engage\">Engage the kill switch…</button></form>");
                return Page(context, antiforgery, "Kill switch", "/dashboard/killswitch", scope, html.ToString());
            }));

        dashboard.MapGet("/killswitch/confirm", (HttpContext context, AdPlatforms platforms) =>
            DashboardEndpoints.ForStoreAsync(context, "Confirm: engage the kill switch", "/dashboard/killswitch", (scope, antiforgery) =>
            {
                var restore = string.Equals(context.Request.Query["restore"], "1", StringComparison.Ordinal);
                var html = new StringBuilder();
                html.Append("<form method=\"post\" action=\"/dashboard/killswitch/engage\" class=\"card danger-zone\" id=\"confirm-form\">")
                    .Append(Antiforgery(context, antiforgery)).Append(ApprovalsPage.StoreField(scope))
                    .Append("<input type=\"hidden\" name=\"confirm\" value=\"engage\">")
                    .Append("<input type=\"hidden\" name=\"restore\" value=\"").Append(restore ? "1" : "0").Append("\">")
                    .Append("<p><strong>Stop every change AdPilot makes on ").Append(E(scope.Store.Profile.ShopDomain)).Append("?</strong></p>")
                    .Append(restore
                        ? $"<p>Every ad set of {E(string.Join(", ", platforms.Accounts.Select(a => a.ToString())))} is also put back to the last budget a person set, now, through the platforms.</p>"
                        : "<p>Budgets stay as they are now.</p>")
                    .Append("<label>Reason<input type=\"text\" name=\"reason\" id=\"reason\" maxlength=\"500\" placeholder=\"e.g. runaway spend\"></label>")
                    .Append("<button type=\"submit\" class=\"danger\" id=\"confirm\">Yes, engage").Append(restore ? " and restore" : string.Empty).Append("</button> ")
                    .Append("<a href=\"").Append(E(scope.Link("/dashboard/killswitch"))).Append("\">Cancel</a></form>");
                return Task.FromResult(Page(context, antiforgery, "Confirm: engage the kill switch", "/dashboard/killswitch", scope, html.ToString()));
            }));

        dashboard.MapPost("/killswitch/engage", (HttpContext context, IFormCollection form, KillSwitchService kill, AdPlatforms platforms, AdPlatformBatches batches, ILoggerFactory loggers) =>
            DashboardEndpoints.ForStoreAsync(context, "Kill switch", "/dashboard/killswitch", async (scope, antiforgery) =>
            {
                if (!string.Equals(form["confirm"], "engage", StringComparison.Ordinal))
                {
                    return Page(context, antiforgery, "Kill switch", "/dashboard/killswitch", scope,
                        Notice("The kill switch is engaged only from its confirmation page.", "error"), StatusCodes.Status400BadRequest);
                }

                var log = loggers.CreateLogger(typeof(KillSwitchPage).FullName!);
                var who = DashboardAuth.Who(context);
                var restore = string.Equals(form["restore"], "1", StringComparison.Ordinal);
                string? given = form["reason"];
                var reason = string.IsNullOrWhiteSpace(given) ? $"engaged from the dashboard by {who}" : $"{given.Trim()} ({who})";
                var ct = context.RequestAborted;
                var actor = DashboardAuth.Actor(context);
                var state = await kill.EngageAsync(scope.Id, reason, actor, ct).ConfigureAwait(false);
                log.KillSwitchEngaged(scope.Id, who, restore);
                var html = new StringBuilder(State(state));
                if (restore)
                {
                    html.Append("<h2>Restore</h2><ul id=\"restore-results\">");
                    foreach (var account in platforms.Accounts)
                    {
                        html.Append("<li>").Append(await RestoreAsync(kill, scope.Id, account, platforms, batches, actor, log, ct).ConfigureAwait(false)).Append("</li>");
                    }

                    html.Append("</ul>");
                }

                html.Append("<p><a href=\"").Append(E(scope.Link("/dashboard/killswitch"))).Append("\">Back to the kill switch</a></p>");
                return Page(context, antiforgery, "Kill switch", "/dashboard/killswitch", scope, html.ToString());
            }));

        dashboard.MapPost("/killswitch/release", (HttpContext context, IFormCollection form, KillSwitchService kill, ILoggerFactory loggers) =>
            DashboardEndpoints.ForStoreAsync(context, "Kill switch", "/dashboard/killswitch", async (scope, antiforgery) =>
            {
                _ = form; // bound so the antiforgery token is checked
                var released = await kill.ReleaseAsync(scope.Id, DashboardAuth.Actor(context), context.RequestAborted).ConfigureAwait(false);
                if (released)
                {
                    loggers.CreateLogger(typeof(KillSwitchPage).FullName!).KillSwitchReleased(scope.Id, DashboardAuth.Who(context));
                }

                var html = Notice(released ? "Kill switch released: changes resume with the next cycle." : "The kill switch was not engaged; nothing changed.")
                    + $"<p><a href=\"{E(scope.Link("/dashboard/killswitch"))}\">Back to the kill switch</a></p>";
                return Page(context, antiforgery, "Kill switch", "/dashboard/killswitch", scope, html);
            }));

        dashboard.MapGet("/api/killswitch", (HttpContext context, KillSwitchService kill) =>
            DashboardEndpoints.JsonForStoreAsync(context, async scope =>
            {
                var state = await kill.GetStateAsync(scope.Id, context.RequestAborted).ConfigureAwait(false);
                return Results.Json(new KillSwitchJson(state.Engaged, state.EngagedAt, state.Reason), DashboardJsonContext.Default.KillSwitchJson);
            }));
        return dashboard;
    }

    private static string State(KillSwitchState state) => state.Engaged
        ? $"<p class=\"notice error\" id=\"killswitch-state\" data-engaged=\"true\">Engaged since {Time(state.EngagedAt)}: {E(state.Reason)}. AdPilot makes no change until it is released.</p>"
        : "<p class=\"notice\" id=\"killswitch-state\" data-engaged=\"false\">Not engaged: AdPilot changes budgets as its rollout stage allows.</p>";

    /// <summary>Restores one account; a platform failure is named and the other accounts go on (as the command line does).</summary>
    private static async Task<string> RestoreAsync(
        KillSwitchService kill, long storeId, AdAccountRef account, AdPlatforms platforms, AdPlatformBatches batches, AdminActor actor, ILogger log, CancellationToken ct)
    {
        try
        {
            var entries = await kill.RestoreAsync(storeId, account, platforms.For(account), batches.For(account), RolloutStage.Expand, actor, ct).ConfigureAwait(false);
            var applied = entries.Count(e => e.Status == ActionStatus.Applied);
            return E(string.Create(CultureInfo.InvariantCulture, $"{account}: {applied} of {entries.Count} ad sets restored to their last human budget."));
        }
        catch (PlatformException ex)
        {
            log.RestoreFailed(account.ToString(), ex);
            return $"<span class=\"neg\">{E($"{account}: the restore failed: {ex.Message}")}</span>";
        }
    }
}

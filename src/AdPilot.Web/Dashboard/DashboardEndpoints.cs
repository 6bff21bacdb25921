using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Dashboard;
using AdPilot.Storage.Stores;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using static AdPilot.Web.Dashboard.DashboardHtml;

namespace AdPilot.Web.Dashboard;

/// <summary>The dashboard: sign-in, charts, the policy's view, the actions log, approvals and the kill switch.</summary>
/// <remarks>
/// Every page and JSON endpoint under <c>/dashboard</c> needs a signed-in session (cookie) or the admin token as a bearer
/// token; every form that changes state carries an antiforgery token. <c>/health</c>, <c>/metrics</c> and
/// <c>/webhooks/*</c> are outside sign-in.
/// </remarks>
internal static class DashboardEndpoints
{
    public static IServiceCollection AddDashboard(this IServiceCollection services, IConfiguration configuration)
    {
        _ = configuration;
        services.AddDashboardAuth();
        services.TryAddSingleton<IDashboardQueries>(p => new DashboardQueries(p.GetRequiredService<StorageDatabase>()));
        services.TryAddSingleton<ICheckpointStore>(p => new CheckpointStore(p.GetRequiredService<StorageDatabase>(), p.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton<Storage.Audit.IAdminAuditStore>(p => new Storage.Audit.AdminAuditStore(p.GetRequiredService<StorageDatabase>(), p.GetRequiredService<TimeProvider>()));
        return services;
    }

    public static WebApplication MapDashboard(this WebApplication app)
    {
        // The framework adds authentication and authorization ahead of the application's own middleware; antiforgery
        // must run after them and before the endpoints.
        app.UseAntiforgery();
        var credentials = app.Services.GetRequiredService<DashboardCredentials>();
        if (credentials.GeneratedToken is not null)
        {
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DashboardEndpoints).FullName!).OneTimeTokenGenerated();
        }

        app.MapDashboardAssets();
        app.MapSignIn();
        app.MapGet("/", () => Results.Redirect("/dashboard")).ExcludeFromDescription();
        var dashboard = app.MapGroup("/dashboard").RequireAuthorization();
        dashboard.MapOverview();
        dashboard.MapPolicyView();
        dashboard.MapActionsLog();
        dashboard.MapShadowComparison();
        dashboard.MapApprovals();
        dashboard.MapExperiments();
        dashboard.MapKillSwitch();
        dashboard.MapAudit();
        return app;
    }

    /// <summary>Runs a page for the request's store, or shows why there is none (no store yet, or several to choose from).</summary>
    public static async Task<IResult> ForStoreAsync(
        HttpContext context, string title, string activePath, Func<StoreScope, IAntiforgery, Task<IResult>> page)
    {
        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        var (scope, problem) = await StoreScope.ResolveAsync(context, context.RequestServices.GetRequiredService<IStoreDirectory>(), context.RequestAborted)
            .ConfigureAwait(false);
        if (scope is not null)
        {
            return await page(scope, antiforgery).ConfigureAwait(false);
        }

        if (problem == "choose" || problem == "unknown")
        {
            var stores = await context.RequestServices.GetRequiredService<IStoreDirectory>().ListAsync(context.RequestAborted).ConfigureAwait(false);
            var list = string.Concat(stores.Select(s =>
                $"<li><a href=\"{E(activePath)}?store={s.Id}\">{E(s.Profile.ShopDomain)}</a> <span class=\"muted\">{E(s.Profile.Currency)}, {E(s.Profile.TimeZone)}</span></li>"));
            var lead = problem == "unknown" ? Notice("That store is not in the database; choose one.", "error") : "<p>This database holds several stores; choose one.</p>";
            return Page(context, antiforgery, title, activePath, null, $"{lead}<ul class=\"card\">{list}</ul>", problem == "unknown" ? StatusCodes.Status404NotFound : StatusCodes.Status200OK);
        }

        return Page(context, antiforgery, title, activePath, null, Notice(problem ?? "No store.", "warn"));
    }

    /// <summary>Answers a JSON endpoint for the request's store; 404 with the reason when none can be told.</summary>
    public static async Task<IResult> JsonForStoreAsync(HttpContext context, Func<StoreScope, Task<IResult>> answer)
    {
        var (scope, problem) = await StoreScope.ResolveAsync(context, context.RequestServices.GetRequiredService<IStoreDirectory>(), context.RequestAborted)
            .ConfigureAwait(false);
        if (scope is null)
        {
            var message = problem switch
            {
                "choose" => "several stores are registered: name one with ?store=ID",
                "unknown" => "no such store",
                _ => problem ?? "no store",
            };
            return Results.Text(message, "text/plain; charset=utf-8", statusCode: StatusCodes.Status404NotFound);
        }

        context.Response.Headers.CacheControl = "no-store";
        return await answer(scope).ConfigureAwait(false);
    }
}

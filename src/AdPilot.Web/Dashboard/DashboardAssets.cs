using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdPilot.Web.Dashboard;

/// <summary>The dashboard's static files, embedded: Chart.js, its script and stylesheet. Public (nothing secret in them).</summary>
internal static class DashboardAssets
{
    private static readonly Lazy<string> Script = new(() => Read("AdPilot.Web.Assets.dashboard.dashboard.js"));
    private static readonly Lazy<string> Style = new(() => Read("AdPilot.Web.Assets.dashboard.dashboard.css"));

    public static IEndpointRouteBuilder MapDashboardAssets(this IEndpointRouteBuilder app)
    {
        app.MapGet("/assets/chart.umd.min.js", (HttpContext context) => Asset(context, WebAssets.ChartJs, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/dashboard.js", (HttpContext context) => Asset(context, Script.Value, "text/javascript; charset=utf-8"));
        app.MapGet("/assets/dashboard.css", (HttpContext context) => Asset(context, Style.Value, "text/css; charset=utf-8"));
        return app;
    }

    private static IResult Asset(HttpContext context, string text, string contentType)
    {
        context.Response.Headers.CacheControl = "public, max-age=3600";
        return Results.Text(text, contentType);
    }

    private static string Read(string name)
    {
        using var stream = typeof(DashboardAssets).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"The embedded resource {name} is missing.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}

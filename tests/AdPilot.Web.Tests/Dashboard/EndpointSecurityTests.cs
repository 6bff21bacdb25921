using System.Net;
using System.Text.RegularExpressions;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdPilot.Web.Tests.Dashboard;

/// <summary>
/// Sign-in everywhere: every endpoint the application maps is either on the public allow-list below or refuses an
/// anonymous request (a redirect to the sign-in page, or 401); every form POST also refuses a request without its
/// antiforgery token. A new endpoint that forgets <c>RequireAuthorization</c> fails here.
/// </summary>
public sealed partial class EndpointSecurityTests(PostgresCluster cluster)
{
    /// <summary>
    /// What anyone may reach: health for probes, metrics for the scraper (counts and gauges only; see docs/security.md),
    /// the webhook receiver (HMAC-verified instead), the sign-in form and sign-out, the root's redirect, and the
    /// dashboard's static assets.
    /// </summary>
    private static readonly HashSet<(string Method, string Pattern)> Public =
    [
        ("GET", "/health"),
        ("GET", "/metrics"),
        ("POST", "/webhooks/shopify"),
        ("GET", "/login"),
        ("POST", "/login"),
        ("POST", "/logout"),
        ("GET", "/"),
        ("GET", "/assets/chart.umd.min.js"),
        ("GET", "/assets/dashboard.js"),
        ("GET", "/assets/dashboard.css"),
    ];

    private static CancellationToken Ct => WebHarness.Ct;

    [Fact]
    public async Task EveryMappedEndpoint_NotOnThePublicList_RefusesAnAnonymousRequest()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var endpoints = Endpoints(web);
        using var anonymous = new DashboardSession(web.BaseUrl);

        var refusedAnonymously = new List<string>();
        foreach (var (method, pattern) in endpoints.Where(e => !Public.Contains(e)))
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(Concrete(pattern), UriKind.Relative));
            if (method != "GET")
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "engage" });
            }

            using var response = await anonymous.Client.SendAsync(request, Ct);
            var toSignIn = response.StatusCode == HttpStatusCode.Redirect && response.Headers.Location!.OriginalString.Contains("/login", StringComparison.Ordinal);
            Assert.True(
                toSignIn || response.StatusCode == HttpStatusCode.Unauthorized,
                $"{method} {pattern} answered an anonymous request with {(int)response.StatusCode} {response.Headers.Location}");
            refusedAnonymously.Add($"{method} {pattern}");
        }

        // The list is real: the public endpoints exist, and the rest are many (every dashboard page and API).
        Assert.DoesNotContain(Public, p => !endpoints.Contains(p));
        Assert.Contains("GET /dashboard/audit", refusedAnonymously);
        Assert.Contains("POST /dashboard/approvals/{id:long}/approve", refusedAnonymously);
        Assert.Contains("POST /dashboard/killswitch/engage", refusedAnonymously);
        Assert.True(refusedAnonymously.Count >= 15, string.Join(", ", refusedAnonymously));
        Assert.Equal(0, await AdPilot.Web.Tests.Webhooks.Webhooks.CountAsync(web, "alerts"));
    }

    [Fact]
    public async Task EveryFormPost_WithoutItsAntiforgeryToken_IsRefusedEvenWhenSignedIn()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "Eve");
        var posts = Endpoints(web).Where(e => e.Method == "POST" && e.Pattern != "/webhooks/shopify").ToList();

        foreach (var (_, pattern) in posts)
        {
            using var response = await session.PostFormAsync(Concrete(pattern), new Dictionary<string, string> { ["confirm"] = "engage", ["credential"] = WebHarness.AdminToken });
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"POST {pattern} without a token answered {(int)response.StatusCode}");
        }

        Assert.Contains(posts, p => p.Pattern == "/dashboard/killswitch/engage");
        Assert.Equal(0, await AdPilot.Web.Tests.Webhooks.Webhooks.CountAsync(web, "alerts"));
        Assert.Empty(await web.Service<IAdminAuditStore>().ListAsync(null, null, 10, Ct));
        Assert.Equal(HttpStatusCode.OK, (await session.Client.GetAsync(new Uri("/dashboard", UriKind.Relative), Ct)).StatusCode); // still signed in
    }

    [Fact]
    public async Task KillSwitch_FromTheDashboard_IsAuditedWithTheSignedInName()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "Dana");
        var confirm = await session.GetPageAsync("/dashboard/killswitch/confirm");

        using var engaged = await session.PostFormAsync(
            "/dashboard/killswitch/engage", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(confirm), ["confirm"] = "engage", ["reason"] = "test" });
        var audit = await session.GetPageAsync("/dashboard/audit");

        Assert.Equal(HttpStatusCode.OK, engaged.StatusCode);
        var entry = Assert.Single(await web.Service<IAdminAuditStore>().ListAsync(web.StoreId, null, 10, Ct));
        Assert.Equal(("dashboard:Dana", "dashboard", AdminActions.KillSwitchEngage, web.World.Clock.GetUtcNow()), (entry.Actor, entry.Source, entry.Action, entry.At));
        Assert.Contains("data-action=\"kill_switch_engage\"", audit, StringComparison.Ordinal);
        Assert.Contains("dashboard:Dana", audit, StringComparison.Ordinal);
    }

    private static List<(string Method, string Pattern)> Endpoints(WebHarness web) =>
        [.. web.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (m, "/" + e.RoutePattern.RawText!.TrimStart('/'))))
            .Distinct()];

    /// <summary>A path for a route pattern: each parameter given a plausible value.</summary>
    private static string Concrete(string pattern) => Parameter().Replace(pattern, m => m.Value.Contains(":long", StringComparison.Ordinal) || m.Value.Contains(":int", StringComparison.Ordinal) ? "1" : "x");

    [GeneratedRegex(@"\{[^}]+\}")]
    private static partial Regex Parameter();
}

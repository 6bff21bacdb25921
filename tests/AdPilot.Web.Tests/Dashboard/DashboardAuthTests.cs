using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Dashboard;
using AdPilot.Web.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Tests.Dashboard;

public sealed class DashboardAuthTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => WebHarness.Ct;

    [Fact]
    public async Task EveryDashboardRoute_WithoutSignIn_RedirectsPagesAndRefusesTheRest()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        using var session = new DashboardSession(web.BaseUrl);
        var routes = web.Service<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/dashboard", StringComparison.Ordinal) == true)
            .SelectMany(e => (e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods ?? ["GET"]).Select(m => (Method: m, Path: e.RoutePattern.RawText!.Replace("{id:long}", "1", StringComparison.Ordinal))))
            .ToList();

        Assert.Contains(routes, r => r is ("GET", "/dashboard/api/summary"));
        Assert.Contains(routes, r => r is ("POST", "/dashboard/killswitch/engage"));
        foreach (var (method, path) in routes)
        {
            using var request = new HttpRequestMessage(new HttpMethod(method), new Uri(path.Length == 0 ? "/dashboard" : path, UriKind.Relative));
            if (method == "POST")
            {
                request.Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["confirm"] = "engage", ["restore"] = "1" });
            }

            using var response = await session.Client.SendAsync(request, Ct);

            if (method == "GET" && !path.StartsWith("/dashboard/api", StringComparison.Ordinal))
            {
                Assert.True(response.StatusCode == HttpStatusCode.Redirect, $"{method} {path}: {response.StatusCode}");
                Assert.StartsWith("/login", response.Headers.Location!.AbsolutePath, StringComparison.Ordinal);
            }
            else
            {
                Assert.True(response.StatusCode == HttpStatusCode.Unauthorized, $"{method} {path}: {response.StatusCode}");
            }
        }

        Assert.False((await web.Service<AdPilot.Runtime.Actuation.KillSwitchService>().GetStateAsync(web.StoreId, Ct)).Engaged);
        using var health = await session.Client.GetAsync(new Uri("/health", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }

    [Fact]
    public async Task SignIn_WithAWrongCredential_IsRefusedAndLoggedWithoutTheValue()
    {
        var logs = new RecordingLoggerProvider();
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        using var session = new DashboardSession(web.BaseUrl);

        using var refused = await session.SignInAsync("not-the-token-12345");
        var page = await refused.Content.ReadAsStringAsync(Ct);
        using var still = await session.Client.GetAsync(new Uri("/dashboard", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Contains("signin-error", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, still.StatusCode);
        Assert.Contains(logs.Messages, m => m.Contains("sign-in refused", StringComparison.Ordinal));
        Assert.DoesNotContain(logs.Messages, m => m.Contains("not-the-token-12345", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(WebHarness.AdminToken)]
    [InlineData("correct horse battery staple")]
    public async Task SignIn_WithTheTokenOrThePassword_OpensEveryPageUntilSignOut(string credential)
    {
        var logs = new RecordingLoggerProvider();
        await using var web = await WebHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Web:AdminPassword"] = "correct horse battery staple" }, configureServices: s => s.AddSingleton<ILoggerProvider>(logs));
        using var session = new DashboardSession(web.BaseUrl);

        using var signedIn = await session.SignInAsync(credential, "Ana");

        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        Assert.Equal("/dashboard", signedIn.Headers.Location!.OriginalString);
        foreach (var path in new[] { "/dashboard", "/dashboard/policy", "/dashboard/actions", "/dashboard/shadow", "/dashboard/approvals", "/dashboard/killswitch" })
        {
            var html = await session.GetPageAsync(path);
            Assert.Contains("Ana", html, StringComparison.Ordinal);
        }

        var overview = await session.GetPageAsync("/dashboard");
        using var signedOut = await session.PostFormAsync("/logout", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(overview) });
        using var after = await session.Client.GetAsync(new Uri("/dashboard", UriKind.Relative), Ct);
        Assert.Equal(HttpStatusCode.Redirect, signedOut.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.DoesNotContain(logs.Messages, m => m.Contains(credential, StringComparison.Ordinal));
    }

    [Fact]
    public async Task StateChangingPosts_WithoutTheAntiforgeryToken_AreRefusedEvenWhenSignedIn()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var log = web.Service<IActionLog>();
        var approvals = web.Service<IApprovalStore>();
        var action = await log.RecordAsync(web.StoreId, Held(web), Ct);
        var approval = await approvals.RequestAsync(web.StoreId, action.Id, null, Ct);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken);

        using var approve = await session.PostFormAsync($"/dashboard/approvals/{approval.Id}/approve", new Dictionary<string, string> { ["note"] = "ok" });
        using var engage = await session.PostFormAsync("/dashboard/killswitch/engage", new Dictionary<string, string> { ["confirm"] = "engage" });
        using var forged = await session.PostFormAsync("/dashboard/killswitch/engage", new Dictionary<string, string> { ["confirm"] = "engage", ["__csrf"] = "forged" });
        using var bearer = new HttpRequestMessage(HttpMethod.Post, new Uri($"/dashboard/approvals/{approval.Id}/approve", UriKind.Relative))
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["note"] = "script" }),
        };
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHarness.AdminToken);
        using var bearerPost = await web.Client.SendAsync(bearer, Ct);

        Assert.Equal(HttpStatusCode.BadRequest, approve.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, engage.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, bearerPost.StatusCode);
        Assert.Single(await approvals.ListPendingAsync(web.StoreId, Ct));
        Assert.False((await web.Service<AdPilot.Runtime.Actuation.KillSwitchService>().GetStateAsync(web.StoreId, Ct)).Engaged);
    }

    [Fact]
    public async Task JsonEndpoints_AcceptTheBearerToken_AndRefuseAnyOther()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.PostgreSql);
        var action = await web.Service<IActionLog>().RecordAsync(web.StoreId, Held(web), Ct);
        await web.Service<IApprovalStore>().RequestAsync(web.StoreId, action.Id, null, Ct);

        foreach (var path in new[] { "summary", "performance", "platforms", "creatives", "rewards", "actions?verdict=require_approval", "approvals", "killswitch" })
        {
            using var ok = await GetAsync(web, "/dashboard/api/" + path, WebHarness.AdminToken);
            using var wrong = await GetAsync(web, "/dashboard/api/" + path, "wrong-token");
            Assert.True(ok.StatusCode == HttpStatusCode.OK, $"{path}: {ok.StatusCode}");
            Assert.StartsWith("application/json", ok.Content.Headers.ContentType!.ToString(), StringComparison.Ordinal);
            Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        }

        using var approvalsJson = await GetAsync(web, "/dashboard/api/approvals", WebHarness.AdminToken);
        using var approvalsDoc = JsonDocument.Parse(await approvalsJson.Content.ReadAsStringAsync(Ct));
        Assert.Equal(action.Id, approvalsDoc.RootElement[0].GetProperty("actionId").GetInt64());
        using var actionsJson = await GetAsync(web, "/dashboard/api/actions?verdict=require_approval", WebHarness.AdminToken);
        using var actionsDoc = JsonDocument.Parse(await actionsJson.Content.ReadAsStringAsync(Ct));
        Assert.Equal(1, actionsDoc.RootElement.GetProperty("total").GetInt64());
        Assert.Equal("pending_approval", actionsDoc.RootElement.GetProperty("rows")[0].GetProperty("status").GetString());
        using var page = await GetAsync(web, "/dashboard", WebHarness.AdminToken);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
    }

    [Fact]
    public async Task SignIn_AfterTooManyRefusals_IsRefusedEvenWithTheRightToken_UntilTheWindowEnds()
    {
        await using var web = await WebHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, configureServices: s => s.AddSingleton(p => new SignInThrottle(p.GetRequiredService<TimeProvider>())));
        using var session = new DashboardSession(web.BaseUrl);
        for (var i = 0; i < SignInThrottle.MaxFailures; i++)
        {
            using var refused = await session.SignInAsync("guess-" + i);
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        }

        using var throttled = await session.SignInAsync(WebHarness.AdminToken);
        web.World.Advance(1);
        using var later = await session.SignInAsync(WebHarness.AdminToken);

        Assert.Equal(HttpStatusCode.TooManyRequests, throttled.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, later.StatusCode);
    }

    [Fact]
    public async Task OutsideProductionWithoutACredential_TheOneTimeTokenSignsIn()
    {
        await using var web = await WebHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Web:AdminToken"] = null, ["Web:Production"] = "false" });
        var token = web.Service<DashboardCredentials>().GeneratedToken;
        using var session = new DashboardSession(web.BaseUrl);

        using var stale = await session.SignInAsync(WebHarness.AdminToken);
        using var signedIn = await session.SignInAsync(token!);

        Assert.NotNull(token);
        Assert.Equal(token, web.Service<WebOptions>().AdminToken);
        Assert.Equal(HttpStatusCode.Unauthorized, stale.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        using var json = await GetAsync(web, "/dashboard/api/killswitch", token!);
        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
    }

    [Fact]
    public void Credentials_OutsideProductionWithoutAny_MakeAOneTimeToken_AndProductionRefuses()
    {
        var demoOptions = new WebOptions { Production = false };
        var demo = new DashboardCredentials(demoOptions);
        var other = new DashboardCredentials(new WebOptions { Production = false });
        var configured = new DashboardCredentials(new WebOptions { Production = false, AdminPassword = "pw-123456" });

        Assert.NotNull(demo.GeneratedToken);
        Assert.True(demo.GeneratedToken!.Length >= 32);
        Assert.Equal(demo.GeneratedToken, demoOptions.AdminToken);
        Assert.NotEqual(demo.GeneratedToken, other.GeneratedToken);
        Assert.True(demo.IsToken(demo.GeneratedToken));
        Assert.False(demo.IsToken(other.GeneratedToken));
        Assert.False(demo.IsTokenOrPassword(string.Empty));
        Assert.Null(configured.GeneratedToken);
        Assert.True(configured.IsTokenOrPassword("pw-123456"));
        Assert.False(configured.IsToken("pw-123456"));
        Assert.False(configured.IsTokenOrPassword(string.Empty));
        Assert.Throws<InvalidOperationException>(() => new DashboardCredentials(new WebOptions { Production = true }));
        Assert.NotEmpty(new WebOptions { Production = true }.Validate());
    }

    private static async Task<HttpResponseMessage> GetAsync(WebHarness web, string path, string token)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return await web.Client.SendAsync(request, Ct);
    }

    private static ActionDecision Held(WebHarness web) => new()
    {
        IdempotencyKey = "held-1",
        AdSet = web.World.AdSets[0].Ref,
        Hour = web.World.Clock.GetUtcNow(),
        Mode = RolloutMode.Expand,
        StateJson = """{"current_budget":50.0}""",
        PolicyName = "bandit",
        PolicyVersion = "1",
        ProposedActionJson = """{"daily_budget":80.0}""",
        FinalActionJson = """{"daily_budget":80.0}""",
        Verdict = GuardrailVerdict.RequireApproval,
        GuardrailReasons = ["approval: +60% is above the 5% that needs a person"],
        Status = ActionStatus.PendingApproval,
    };
}

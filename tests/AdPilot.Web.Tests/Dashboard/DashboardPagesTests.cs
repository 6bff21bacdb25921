using System.Net;
using System.Net.Http.Headers;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;

namespace AdPilot.Web.Tests.Dashboard;

public sealed class DashboardPagesTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => WebHarness.Ct;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task DecidingAnApprovalTwice_IsRefusedWithAClearMessage_AsTheCommandLineRefusesIt(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);
        var action = await web.Service<IActionLog>().RecordAsync(web.StoreId, Held(web, "held-1"), Ct);
        var approval = await web.Service<IApprovalStore>().RequestAsync(web.StoreId, action.Id, null, Ct);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "Bo");

        var page = await session.GetPageAsync("/dashboard/approvals");
        using var rejected = await session.PostFormAsync(
            $"/dashboard/approvals/{approval.Id}/reject", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page), ["note"] = "too fast" });
        page = await session.GetPageAsync(rejected.Headers.Location!.OriginalString);
        using var again = await session.PostFormAsync($"/dashboard/approvals/{approval.Id}/approve", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page) });
        var refusal = await again.Content.ReadAsStringAsync(Ct);

        Assert.Equal(HttpStatusCode.Redirect, rejected.StatusCode);
        Assert.Contains($"Approval {approval.Id} rejected", page, StringComparison.Ordinal);
        Assert.Contains("dashboard:Bo", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"Approval {approval.Id} cannot be approved: approval {approval.Id} is already rejected", refusal, StringComparison.Ordinal);
        Assert.Equal(ActionStatus.PendingApproval, (await web.Service<IActionLog>().GetAsync(web.StoreId, action.Id, Ct))!.Status);
    }

    [Fact]
    public async Task SeveralStores_ArePickedWithTheStoreParameter_AndNeverGuessed()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var other = await web.Service<IStoreDirectory>().UpsertAsync(
            new StoreProfile { ShopDomain = "second-shop.myshopify.com", Currency = "EUR", TimeZone = "Europe/Berlin", GrossMargin = 0.5m, DataSince = web.World.StartUtc },
            Ct);
        await web.Service<AdPilot.Runtime.Actuation.KillSwitchService>().EngageAsync(other, "only the second shop", Ct);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken);

        var chooser = await session.GetPageAsync("/dashboard/killswitch");
        var second = await session.GetPageAsync($"/dashboard/killswitch?store={other}");
        var first = await session.GetPageAsync($"/dashboard/killswitch?store={web.Server.ShopDomain}");
        using var unnamed = await Bearer(web, "/dashboard/api/killswitch");
        using var named = await Bearer(web, $"/dashboard/api/killswitch?store={other}");

        Assert.Contains("second-shop.myshopify.com", chooser, StringComparison.Ordinal);
        Assert.DoesNotContain("killswitch-state", chooser, StringComparison.Ordinal);
        Assert.Contains("data-engaged=\"true\"", second, StringComparison.Ordinal);
        Assert.Contains("data-engaged=\"false\"", first, StringComparison.Ordinal);
        Assert.Contains("<select name=\"store\">", first, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, unnamed.StatusCode);
        Assert.Contains("\"engaged\":true", await named.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
    }

    [Fact]
    public async Task PolicyView_ShowsTheLivePolicysEpsilonAndTableSize_AfterItsFirstCycles()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Loop:Policy"] = "qlearning" });
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken);
        var before = await session.GetPageAsync("/dashboard/policy");
        var cycle = web.Service<AdPilot.Runtime.Loop.HourlyCycle>();
        for (var h = 0; h < 2; h++)
        {
            web.World.Advance(1);
            var now = web.World.Clock.GetUtcNow();
            foreach (var account in cycle.Accounts)
            {
                await cycle.RunAsync(web.StoreId, account, new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero), AdPilot.Core.Guardrails.RolloutStage.Shadow, Ct);
            }
        }

        var after = await session.GetPageAsync("/dashboard/policy");
        var info = web.Service<AdPilot.Runtime.Loop.PolicyHost>().Describe(web.StoreId, cycle.Accounts[0]);

        Assert.Contains("not loaded in this process yet", before, StringComparison.Ordinal);
        Assert.NotNull(info);
        Assert.Equal(("qlearning", false), (info.AgentKind, info.Busy));
        Assert.NotNull(info.Metrics?.Epsilon);
        Assert.Contains(info.Metrics!.Value.Epsilon!.Value.ToString("0.000", System.Globalization.CultureInfo.InvariantCulture), after, StringComparison.Ordinal);
        Assert.Contains("online-qlearning-store", after, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Pages_EncodeWhatTheyShow()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        await web.Service<IActionLog>().RecordAsync(
            web.StoreId, Held(web, "xss") with { GuardrailReasons = ["<script>alert(1)</script>"], Verdict = GuardrailVerdict.Block, Status = ActionStatus.Shadow }, Ct);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "<b>Eve</b>");

        var actions = await session.GetPageAsync("/dashboard/actions?verdict=block");

        Assert.DoesNotContain("<script>alert(1)</script>", actions, StringComparison.Ordinal);
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt;", actions, StringComparison.Ordinal);
        Assert.DoesNotContain("<b>Eve</b>", actions, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ActionsLog_CreativeRotation_ShowsTheTypesAndTheAdsSwitchedOnAndOff()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        const string rotation = """
            {"daily_budget":50.0,"currency":"USD","status":"active","creative_type":"ugc","from_creative_type":"lifestyle","proposed_by":"bandit 1",
             "ads":[{"ad_id":"1","name":"ugc_unboxing_v1","type":"ugc","before":"paused","after":"active"},
                    {"ad_id":"2","name":"lifestyle_beach_v1","type":"lifestyle","before":"active","after":"paused"},
                    {"ad_id":"3","name":"spring_teaser_v1","before":"paused","after":"paused"}]}
            """;
        await web.Service<IActionLog>().RecordAsync(
            web.StoreId,
            Held(web, "rotation") with
            {
                PolicyName = "creative_rotation",
                ProposedActionJson = rotation,
                FinalActionJson = rotation,
                Verdict = GuardrailVerdict.Allow,
                GuardrailReasons = [],
                Status = ActionStatus.Shadow,
            },
            Ct);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken);

        var actions = WebUtility.HtmlDecode(await session.GetPageAsync("/dashboard/actions"));

        Assert.Contains("creative_rotation", actions, StringComparison.Ordinal);
        Assert.Contains("creatives lifestyle → ugc · activate ugc_unboxing_v1 · pause lifestyle_beach_v1", actions, StringComparison.Ordinal);
        Assert.DoesNotContain("spring_teaser_v1", actions, StringComparison.Ordinal);
    }

    private static async Task<HttpResponseMessage> Bearer(WebHarness web, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(path, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHarness.AdminToken);
        return await web.Client.SendAsync(request, Ct);
    }

    private static ActionDecision Held(WebHarness web, string key) => new()
    {
        IdempotencyKey = key,
        AdSet = web.World.AdSets[0].Ref,
        Hour = web.World.Clock.GetUtcNow(),
        Mode = RolloutMode.Expand,
        StateJson = """{"current_budget":50.0}""",
        PolicyName = "bandit",
        PolicyVersion = "1",
        ProposedActionJson = """{"daily_budget":80.0}""",
        FinalActionJson = """{"daily_budget":80.0}""",
        Verdict = GuardrailVerdict.RequireApproval,
        GuardrailReasons = ["approval_required: +60%"],
        Status = ActionStatus.PendingApproval,
    };
}

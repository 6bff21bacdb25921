using System.Net;
using System.Net.Http.Headers;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;

namespace AdPilot.Web.Tests.Dashboard;

/// <summary>Crafted dashboard requests that try to approve what may not be approved, or something else than was asked.</summary>
public sealed class DashboardApprovalBypassTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => WebHarness.Ct;

    [Fact]
    public async Task Approve_WithAnotherAmountInTheForm_ApprovesOnlyTheChangeAskedFor()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var (action, approval) = await HoldAsync(web, web.StoreId, "held-amount");
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "Ann");
        var page = await session.GetPageAsync("/dashboard/approvals");

        using var approved = await session.PostFormAsync($"/dashboard/approvals/{approval.Id}/approve", new Dictionary<string, string>
        {
            ["__csrf"] = DashboardSession.FormToken(page),
            ["daily_budget"] = "5000",
            ["to_budget"] = "5000",
            ["action_id"] = "999",
            ["adset"] = "someone-else",
        });

        Assert.Equal(HttpStatusCode.Redirect, approved.StatusCode);
        var approvals = web.Service<IApprovalStore>();
        var entry = (await web.Service<IActionLog>().GetAsync(web.StoreId, action.Id, Ct))!;
        Assert.Equal((ActionStatus.Intended, """{"daily_budget":80.0}"""), (entry.Status, entry.Decision.FinalActionJson));
        Assert.False((await approvals.ConsumeAsync(web.StoreId, action.Id, 50m, 5000m, "USD", Ct)).Authorised);
        Assert.True((await approvals.ConsumeAsync(web.StoreId, action.Id, 50m, 80m, "USD", Ct)).Authorised);
        var audit = Assert.Single(await web.Service<IAdminAuditStore>().ListAsync(web.StoreId, null, 10, Ct));
        Assert.Equal(("dashboard:Ann", AdminActions.Approve, $"approval {approval.Id}"), (audit.Actor, audit.Action, audit.Target));
        Assert.DoesNotContain("5000", audit.Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Approve_AnotherStoresApproval_IsRefusedAndLeavesItPending()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var other = await web.Service<IStoreDirectory>().UpsertAsync(
            new StoreProfile { ShopDomain = "second-shop.myshopify.com", Currency = "USD", TimeZone = "UTC", GrossMargin = 0.5m, DataSince = web.World.StartUtc },
            Ct);
        var (_, theirs) = await HoldAsync(web, other, "theirs");
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "Ann");
        var page = await session.GetPageAsync($"/dashboard/approvals?store={web.StoreId}");

        using var refused = await session.PostFormAsync(
            $"/dashboard/approvals/{theirs.Id}/approve", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page), ["store"] = web.StoreId.ToString(System.Globalization.CultureInfo.InvariantCulture) });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("no such approval for this store", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(theirs.Id, Assert.Single(await web.Service<IApprovalStore>().ListPendingAsync(other, Ct)).Id);
        Assert.Empty(await web.Service<IAdminAuditStore>().ListAsync(null, null, 10, Ct));
    }

    [Fact]
    public async Task Approve_Expired_IsRefusedAndNothingIsAudited()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var (action, approval) = await HoldAsync(web, web.StoreId, "held-expired", web.World.Clock.GetUtcNow().AddHours(1));
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "Ann");
        var page = await session.GetPageAsync("/dashboard/approvals");
        web.World.Advance(2);

        using var refused = await session.PostFormAsync($"/dashboard/approvals/{approval.Id}/approve", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page) });

        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);
        Assert.Contains("expired", await refused.Content.ReadAsStringAsync(Ct), StringComparison.Ordinal);
        Assert.Equal(ActionStatus.PendingApproval, (await web.Service<IActionLog>().GetAsync(web.StoreId, action.Id, Ct))!.Status);
        Assert.Empty(await web.Service<IAdminAuditStore>().ListAsync(null, null, 10, Ct));
    }

    [Fact]
    public async Task Approve_AnonymousOrWithoutToken_IsRefused_AndABearerCannotPostAForm()
    {
        await using var web = await WebHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var (action, approval) = await HoldAsync(web, web.StoreId, "held-anon");
        using var anonymous = new DashboardSession(web.BaseUrl);
        using var signedInSession = new DashboardSession(web.BaseUrl);
        using var signedIn = await signedInSession.SignInAsync(WebHarness.AdminToken, "Ann");
        var path = new Uri($"/dashboard/approvals/{approval.Id}/approve", UriKind.Relative);

        using var noSession = await anonymous.PostFormAsync(path.OriginalString, new Dictionary<string, string> { ["note"] = "x" });
        using var noToken = await signedInSession.PostFormAsync(path.OriginalString, new Dictionary<string, string> { ["note"] = "x" });
        using var bearer = new HttpRequestMessage(HttpMethod.Post, path) { Content = new FormUrlEncodedContent(new Dictionary<string, string> { ["note"] = "x" }) };
        bearer.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHarness.AdminToken);
        using var withBearer = await web.Client.SendAsync(bearer, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, noSession.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, noToken.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, withBearer.StatusCode);
        Assert.Equal(ActionStatus.PendingApproval, (await web.Service<IActionLog>().GetAsync(web.StoreId, action.Id, Ct))!.Status);
        Assert.Empty(await web.Service<IAdminAuditStore>().ListAsync(null, null, 10, Ct));
    }

    private static async Task<(ActionLogEntry Action, Approval Approval)> HoldAsync(WebHarness web, long storeId, string key, DateTimeOffset? expiresAt = null)
    {
        var action = await web.Service<IActionLog>().RecordAsync(storeId, new ActionDecision
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
        }, Ct);
        var approval = await web.Service<IApprovalStore>().RequestAsync(storeId, action.Id, expiresAt, new ApprovedChange(50m, 80m, "USD"), Ct);
        return (action, approval);
    }
}

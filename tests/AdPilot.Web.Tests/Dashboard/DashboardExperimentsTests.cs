using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Tests.Infrastructure;
using AdPilot.Web.Tests.Infrastructure;

namespace AdPilot.Web.Tests.Dashboard;

public sealed class DashboardExperimentsTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => WebHarness.Ct;

    private static ExperimentProposal Proposal(string adSet) =>
        new(new AdAccountRef(Platform.Instagram, "act_1", "USD"), new AdSetRef(Platform.Instagram, adSet), AgeGroup.Age35To44, Interests.None,
            AgeGroup.Age25To34, Interests.Fitness, "policy:bandit@3", "the policy proposed it");

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Experiments_AreListedApprovedRejectedAndEnded_BySignedInPeople_AndAudited(DatabaseDialect dialect)
    {
        await using var web = await WebHarness.StartAsync(cluster, dialect);
        var store = web.Service<ExperimentStore>();
        var (first, _) = await store.ProposeAsync(web.StoreId, Proposal("as-one"), Ct);
        var (second, _) = await store.ProposeAsync(web.StoreId, Proposal("as-two"), Ct);
        using var session = new DashboardSession(web.BaseUrl);
        using var signedIn = await session.SignInAsync(WebHarness.AdminToken, "Bo");

        var approvals = await session.GetPageAsync("/dashboard/approvals");
        var page = await session.GetPageAsync("/dashboard/experiments");
        using var approved = await session.PostFormAsync($"/dashboard/experiments/{first.Id}/approve", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page) });
        page = await session.GetPageAsync(approved.Headers.Location!.OriginalString);
        using var rejected = await session.PostFormAsync($"/dashboard/experiments/{second.Id}/reject", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page) });
        page = await session.GetPageAsync(rejected.Headers.Location!.OriginalString);
        using var again = await session.PostFormAsync($"/dashboard/experiments/{second.Id}/approve", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page) });
        var refusal = await again.Content.ReadAsStringAsync(Ct);
        using var withdrawn = await session.PostFormAsync($"/dashboard/experiments/{first.Id}/end", new Dictionary<string, string> { ["__csrf"] = DashboardSession.FormToken(page) });
        using var forged = await session.PostFormAsync($"/dashboard/experiments/{first.Id}/end", new Dictionary<string, string>());
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri("/dashboard/api/experiments", UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", WebHarness.AdminToken);
        using var api = await web.Client.SendAsync(request, Ct);
        using var json = JsonDocument.Parse(await api.Content.ReadAsStringAsync(Ct));

        Assert.Contains("2 targeting experiments wait for a decision on the <a href=\"/dashboard/experiments\">Experiments</a> page", approvals, StringComparison.Ordinal);
        Assert.DoesNotContain("experiments-waiting", await session.GetPageAsync("/dashboard/approvals"), StringComparison.Ordinal);
        Assert.Contains("25-34, fitness", page, StringComparison.Ordinal);
        Assert.Contains($"Experiment {second.Id} rejected", page, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        Assert.Contains($"Experiment {second.Id} cannot be approved: experiment {second.Id} is rejected, not proposed", refusal, StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, forged.StatusCode);
        Assert.Equal((ExperimentStatus.Ended, "dashboard:Bo"), ((await store.GetAsync(web.StoreId, first.Id, Ct))!.Status, (await store.GetAsync(web.StoreId, first.Id, Ct))!.DecidedBy));
        Assert.Equal(HttpStatusCode.OK, api.StatusCode);
        Assert.Equal(["ended", "rejected"], json.RootElement.EnumerateArray().OrderBy(e => e.GetProperty("id").GetInt64()).Select(e => e.GetProperty("status").GetString()));
        var audit = await web.Service<IAdminAuditStore>().ListAsync(web.StoreId, null, 10, Ct);
        Assert.Equal(
            [AdminActions.ExperimentEnd, AdminActions.ExperimentReject, AdminActions.ExperimentApprove],
            audit.Where(a => a.Action.StartsWith("experiment_", StringComparison.Ordinal)).Select(a => a.Action));
        Assert.All(audit.Where(a => a.Action.StartsWith("experiment_", StringComparison.Ordinal)), a => Assert.Equal(("dashboard:Bo", "dashboard"), (a.Actor, a.Source)));
    }
}

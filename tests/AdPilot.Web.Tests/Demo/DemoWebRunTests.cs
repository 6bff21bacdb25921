using System.Net;
using Dapper;

namespace AdPilot.Web.Tests.Demo;

public sealed class DemoWebRunTests(DemoWebRunFixture demo) : IClassFixture<DemoWebRunFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public void The_demo_in_the_web_application_breaks_no_guardrail_and_fails_no_cycle()
    {
        Assert.Empty(demo.Summary.GuardrailViolations);
        Assert.Equal(0, demo.Summary.FailedCycles);
        Assert.True(demo.Summary.Applied > 0);
    }

    [Fact]
    public async Task No_token_or_personal_data_reaches_the_log_or_the_database()
    {
        var log = await File.ReadAllLinesAsync(demo.Summary.LogPath, Ct);
        var database = await demo.DatabaseTextAsync();
        Assert.NotEmpty(log);
        Assert.NotEmpty(demo.PersonalData);
        Assert.True(database.Count > 1000, $"only {database.Count} text values read");
        foreach (var value in demo.Secrets.Concat(demo.PersonalData))
        {
            Assert.DoesNotContain(log, line => line.Contains(value, StringComparison.OrdinalIgnoreCase));
            Assert.DoesNotContain(database, text => text.Contains(value, StringComparison.OrdinalIgnoreCase));
        }
    }

    [Fact]
    public async Task No_token_or_personal_data_reaches_the_dashboard_or_the_metrics()
    {
        var credential = demo.Web.Options.AdminToken;
        Assert.False(string.IsNullOrEmpty(credential), "the demo's web host has no admin token to sign in with");
        using var session = new Dashboard.DashboardSession(demo.Web.BaseUrl);
        using (var signedIn = await session.SignInAsync(credential!, "Scanner"))
        {
            Assert.Equal(HttpStatusCode.Redirect, signedIn.StatusCode);
        }

        var pages = new List<(string Path, string Text)>();
        foreach (var path in new[] { "/dashboard", "/dashboard/actions", "/dashboard/policy", "/dashboard/shadow", "/dashboard/approvals", "/dashboard/audit", "/dashboard/killswitch", "/dashboard/api/actions", "/dashboard/api/approvals", "/dashboard/api/creatives", "/dashboard/api/killswitch", "/dashboard/api/performance", "/dashboard/api/platforms", "/dashboard/api/rewards", "/dashboard/api/summary", "/metrics" })
        {
            using var response = await session.Client.GetAsync(new Uri(path, UriKind.Relative), Ct);
            Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} {response.Headers.Location}");
            pages.Add((path, await response.Content.ReadAsStringAsync(Ct)));
        }

        Assert.Contains(pages, p => p.Path == "/metrics" && p.Text.Contains("adpilot_webhooks_received_total", StringComparison.Ordinal));
        Assert.Contains(pages, p => p.Path == "/dashboard/api/actions" && p.Text.Length > 100);
        foreach (var value in demo.Secrets.Concat(demo.PersonalData))
        {
            foreach (var (path, text) in pages)
            {
                Assert.False(
                    text.Contains(value, StringComparison.OrdinalIgnoreCase) || text.Contains(System.Net.WebUtility.HtmlEncode(value), StringComparison.OrdinalIgnoreCase),
                    $"{path} shows a secret or a customer's details");
            }
        }
    }

    [Fact]
    public async Task The_sandbox_s_webhooks_reach_the_receiver_and_become_orders_without_their_payloads()
    {
        await using var connection = await demo.Runner.Database.OpenConnectionAsync(Ct);

        var processed = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_events WHERE status = 'processed'");
        var kept = await connection.ExecuteScalarAsync<long>("SELECT COUNT(*) FROM webhook_events WHERE payload IS NOT NULL AND status = 'processed'");

        Assert.True(processed > 100, $"only {processed} webhooks processed");
        Assert.Equal(0, kept);
    }

    [Fact]
    public async Task The_web_application_stays_up_over_the_demo_s_database()
    {
        using var client = new HttpClient(new SocketsHttpHandler()) { BaseAddress = demo.Web.BaseUrl };

        using var health = await client.GetAsync(new Uri("health", UriKind.Relative), Ct);

        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
    }
}

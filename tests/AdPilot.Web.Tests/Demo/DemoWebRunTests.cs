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

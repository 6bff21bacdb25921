using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Meta;

public sealed class MetaReportRunTests
{
    [Fact]
    public async Task AsyncRun_MustBePolledToCompletion_ThenPagesTheSameRowsAsTheSynchronousCall()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        server.World.Advance(24);
        var day = DefaultFamily.Preset().StartDate.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
        var timeRange = $"{{\"since\":\"{day}\",\"until\":\"{day}\"}}";
        KeyValuePair<string, string>[] parameters =
        [
            new("level", "adset"),
            new("breakdowns", "hourly_stats_aggregated_by_advertiser_time_zone"),
            new("time_range", timeRange),
            new("fields", "adset_id,spend,impressions"),
        ];

        var (createStatus, created) = await TestHttp.PostFormAsync(MetaUrls.Raw(server, server.Meta.AccountId + "/insights", ""), [.. MetaUrls.Auth(server), .. parameters]);
        var runId = created.GetProperty("report_run_id").GetString()!;
        var (_, firstPoll) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, runId));
        var (earlyStatus, early) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, runId + "/insights"));
        var (_, secondPoll) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, runId));
        var (_, page1) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, runId + "/insights", "limit=40"));
        var (_, page2) = await TestHttp.GetJsonAsync(new Uri(page1.GetProperty("paging").GetProperty("next").GetString()!));
        var (_, sync) = await TestHttp.GetJsonAsync(MetaUrls.Signed(
            server,
            server.Meta.AccountId + "/insights",
            string.Join('&', parameters.Select(p => $"{p.Key}={Uri.EscapeDataString(p.Value)}")) + "&limit=5000"));

        Assert.Equal(200, createStatus);
        Assert.Equal("Job Running", firstPoll.GetProperty("async_status").GetString());
        Assert.Equal(50, firstPoll.GetProperty("async_percent_completion").GetInt32());
        Assert.Equal(400, earlyStatus);
        Assert.Equal(100, early.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("Job Completed", secondPoll.GetProperty("async_status").GetString());
        Assert.Equal(100, secondPoll.GetProperty("async_percent_completion").GetInt32());
        Assert.Equal(day, secondPoll.GetProperty("date_start").GetString());
        Assert.False(secondPoll.GetProperty("is_running").GetBoolean());
        var asyncRows = page1.GetProperty("data").EnumerateArray().Concat(page2.GetProperty("data").EnumerateArray()).Select(r => r.GetRawText()).ToArray();
        Assert.Equal(sync.GetProperty("data").EnumerateArray().Select(r => r.GetRawText()).Take(asyncRows.Length), asyncRows);
    }

    [Fact]
    public async Task AsyncRun_WithBadParameters_IsRefusedAtCreation()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);

        var (status, body) = await TestHttp.PostFormAsync(
            MetaUrls.Raw(server, server.Meta.AccountId + "/insights", ""), [.. MetaUrls.Auth(server), new("level", "creative")]);

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
    }
}

using System.Net;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.Meta;

/// <summary>The asynchronous report run behind <see cref="MetaInsightsClient.GetHourlyInsightsRangeAsync"/>, on a fake clock.</summary>
public sealed class MetaInsightsClientBackfillTests
{
    private const string Token = "EAAB-secret-token";
    private const string Secret = "app-secret";
    private static readonly AdAccountRef Account = new(Platform.Instagram, "798085168510957", "USD");
    private static readonly DateOnly From = new(2026, 1, 5);
    private static readonly DateOnly To = new(2026, 1, 7);

    private readonly StubHandler _handler = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_CompletedRun_SendsThePinnedRequestsAndReadsEveryPage()
    {
        _handler.RespondJson("""{"report_run_id":"362879110860600"}""");
        _handler.RespondJson(Run("Job Running", 50));
        _handler.RespondJson(Run("Job Completed", 100));
        _handler.RespondJson("""{"data":[ROW],"paging":{"cursors":{"after":"QQ"},"next":"https://graph.facebook.com/x"}}""".Replace("ROW", Row("1", "2026-01-05", 13, "1.50"), StringComparison.Ordinal));
        _handler.RespondJson($$"""{"data":[{{Row("1", "2026-01-06", 13, "2.25")}}]}""");

        var rows = await _clock.RunAsync(() => CreateSut().GetHourlyInsightsRangeAsync(Account, From, To, TestContext.Current.CancellationToken));

        var create = _handler.Requests[0];
        Assert.Equal(HttpMethod.Post, create.Method);
        Assert.Equal("https://graph.facebook.com/v25.0/act_798085168510957/insights", create.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", create.ContentType);
        var form = System.Web.HttpUtility.ParseQueryString(create.Body!);
        Assert.Equal("adset", form["level"]);
        Assert.Equal(MetaInsightsClient.Fields, form["fields"]);
        Assert.Equal("hourly_stats_aggregated_by_advertiser_time_zone", form["breakdowns"]);
        Assert.Equal("""{"since":"2026-01-05","until":"2026-01-07"}""", form["time_range"]);
        Assert.Equal("1", form["time_increment"]);
        Assert.Equal(Token, form["access_token"]);
        Assert.Equal(AppSecretProof.Compute(Secret, Token), form["appsecret_proof"]);
        Assert.Equal(7, form.Count);

        Assert.All(_handler.Requests.Skip(1), r => Assert.Equal(HttpMethod.Get, r.Method));
        Assert.Equal("https://graph.facebook.com/v25.0/362879110860600", _handler.Requests[1].Uri.GetLeftPart(UriPartial.Path));
        var poll = System.Web.HttpUtility.ParseQueryString(_handler.Requests[1].Uri.Query);
        Assert.Equal(MetaInsightsClient.ReportRunFields, poll["fields"]);
        Assert.NotNull(poll["appsecret_proof"]);
        Assert.Equal("https://graph.facebook.com/v25.0/362879110860600/insights", _handler.Requests[3].Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal("5000", System.Web.HttpUtility.ParseQueryString(_handler.Requests[3].Uri.Query)["limit"]);
        Assert.Equal("QQ", System.Web.HttpUtility.ParseQueryString(_handler.Requests[4].Uri.Query)["after"]);
        Assert.Equal(5, _handler.Requests.Count);

        Assert.Equal([TimeSpan.FromSeconds(5)], _clock.Waits);
        Assert.Equal([new DateOnly(2026, 1, 5), new DateOnly(2026, 1, 6)], rows.Select(r => r.Day));
        Assert.Equal([new Money(1.50m, "USD"), new Money(2.25m, "USD")], rows.Select(r => r.Spend));
    }

    [Theory]
    [InlineData("Job Failed")]
    [InlineData("Job Skipped")]
    public async Task GetHourlyInsightsRangeAsync_RunFailed_ThrowsUnavailableWithMetasCodeAndReadsNoRows(string status)
    {
        _handler.RespondJson("""{"report_run_id":"9"}""");
        _handler.RespondJson($$"""{"id":"9","async_status":"{{status}}","async_percent_completion":0,"error_code":2490547,"error_message":"Async job failed"}""");

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => CreateSut().GetHourlyInsightsRangeAsync(Account, From, To, TestContext.Current.CancellationToken));

        Assert.Equal("2490547", ex.Context.ErrorCode);
        Assert.Contains(status, ex.Message, StringComparison.Ordinal);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_RunNeverCompletes_GivesUpAfterMaxReportWait()
    {
        _handler.RespondJson("""{"report_run_id":"9"}""");
        for (var i = 0; i < 3; i++)
        {
            _handler.RespondJson(Run("Job Running", 10 * i));
        }

        var options = new MetaOptions { AccessToken = Token, AppSecret = Secret, MaxReportWait = TimeSpan.FromSeconds(12) };
        await Assert.ThrowsAsync<PlatformUnavailableException>(() => _clock.RunAsync(
            () => TestClients.MetaInsights(_handler, options, _clock).GetHourlyInsightsRangeAsync(Account, From, To, TestContext.Current.CancellationToken)));

        Assert.Equal(4, _handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(5)], _clock.Waits);
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_RowSummedOverSeveralDays_FailsThePull()
    {
        _handler.RespondJson("""{"report_run_id":"9"}""");
        _handler.RespondJson(Run("Job Completed", 100));
        _handler.RespondJson($$"""{"data":[{{Row("1", "2026-01-05", 13, "9.00").Replace("\"date_stop\":\"2026-01-05\"", "\"date_stop\":\"2026-01-07\"", StringComparison.Ordinal)}}]}""");

        var ex = await Assert.ThrowsAsync<PlatformResponseException>(
            () => CreateSut().GetHourlyInsightsRangeAsync(Account, From, To, TestContext.Current.CancellationToken));

        Assert.Contains("date_stop", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_CreationThrottled_RetriesTheCreation()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"error":{"message":"(#4) Application request limit reached","code":4}}""");
        _handler.RespondJson("""{"report_run_id":"9"}""");
        _handler.RespondJson(Run("Job Completed", 100));
        _handler.RespondJson("""{"data":[]}""");

        var rows = await _clock.RunAsync(() => CreateSut().GetHourlyInsightsRangeAsync(Account, From, To, TestContext.Current.CancellationToken));

        Assert.Empty(rows);
        Assert.Equal([HttpMethod.Post, HttpMethod.Post, HttpMethod.Get, HttpMethod.Get], _handler.Requests.Select(r => r.Method));
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_LastDayBeforeTheFirst_Throws()
    {
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(
            () => CreateSut().GetHourlyInsightsRangeAsync(Account, To, From, TestContext.Current.CancellationToken));

        Assert.Empty(_handler.Requests);
    }

    private static string Run(string status, int percent) =>
        $$"""{"id":"9","account_id":"798085168510957","async_status":"{{status}}","async_percent_completion":{{percent}},"is_running":true}""";

    private static string Row(string adSetId, string day, int hour, string spend) =>
        $$"""
        {"adset_id":"{{adSetId}}","adset_name":"Set","account_currency":"USD","spend":"{{spend}}","impressions":"100","clicks":"3",
         "date_start":"{{day}}","date_stop":"{{day}}","hourly_stats_aggregated_by_advertiser_time_zone":"{{hour:00}}:00:00 - {{hour:00}}:59:59"}
        """;

    private MetaInsightsClient CreateSut() =>
        TestClients.MetaInsights(_handler, new MetaOptions { AccessToken = Token, AppSecret = Secret }, _clock);
}

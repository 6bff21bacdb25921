using System.Net;
using System.Text.Json.Nodes;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests.TikTok;

public sealed class TikTokReportsClientTests
{
    private const string Token = "tiktok-secret-token";
    private static readonly AdAccountRef Account = new(Platform.TikTok, "7001", "USD");
    private static readonly DateOnly Day = new(2024, 1, 1);

    private readonly StubHandler _handler = new();

    [Fact]
    public async Task GetHourlyInsightsAsync_FirstPage_SendsThePinnedRequest()
    {
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r1","data":{"list":[],"page_info":{"page":1,"page_size":1000,"total_number":0,"total_page":1}}}""");

        await CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://business-api.tiktok.com/open_api/v1.3/report/integrated/get/", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(Token, request.Headers["Access-Token"]);
        var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
        Assert.Equal("7001", query["advertiser_id"]);
        Assert.Equal("AUCTION", query["service_type"]);
        Assert.Equal("BASIC", query["report_type"]);
        Assert.Equal("AUCTION_ADGROUP", query["data_level"]);
        Assert.Equal("""["adgroup_id","stat_time_hour"]""", query["dimensions"]);
        Assert.Equal(
            """["spend","impressions","clicks","cpm","conversion","complete_payment","total_complete_payment_rate","value_per_complete_payment","complete_payment_roas"]""",
            query["metrics"]);
        Assert.Equal("2024-01-01", query["start_date"]);
        Assert.Equal("2024-01-01", query["end_date"]);
        Assert.Equal("1", query["page"]);
        Assert.Equal("1000", query["page_size"]);
        Assert.Equal(10, query.Count);
        Assert.DoesNotContain(Token, request.Uri.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_AirbyteHourlyFixture_ReadsStringMetrics()
    {
        _handler.RespondJson(File.ReadAllText(FixtureFiles.PathOf("tiktok", "report_integrated_get_adgroup_hourly.airbyte.json")));

        var rows = await CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken);

        Assert.Equal(2, rows.Count);
        Assert.Equal(new AdSetRef(Platform.TikTok, "11111111"), rows[0].AdSet);
        Assert.Equal(Day, rows[0].Day);
        Assert.Equal([9, 10], rows.Select(r => r.Hour));
        Assert.Equal(new Money(20.00m, "USD"), rows[0].Spend);
        Assert.Equal(5830, rows[0].Impressions);
        Assert.Equal(69, rows[0].Clicks);
        Assert.Null(rows[0].Conversions);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_TwoPages_AsksForThePageNumbers()
    {
        _handler.RespondJson(Report(page: 1, totalPages: 2, adGroupId: "1", spend: "\"1.50\"", payments: "\"3\"", value: "\"90.00\""));
        _handler.RespondJson(Report(page: 2, totalPages: 2, adGroupId: "2", spend: "2.5", payments: "null", value: "null"));

        var rows = await CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken);

        Assert.Equal(["1", "2"], rows.Select(r => r.AdSet.ExternalId));
        Assert.Equal("2", System.Web.HttpUtility.ParseQueryString(_handler.Requests[1].Uri.Query)["page"]);
        Assert.Equal(3, rows[0].Conversions);
        Assert.Equal(new Money(90m, "USD"), rows[0].ConversionValue);
        Assert.Equal(new Money(2.5m, "USD"), rows[1].Spend);
        Assert.Null(rows[1].Conversions);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_FirstPage_SendsThePinnedRequest()
    {
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r1","data":{"list":[],"page_info":{"page":1,"page_size":1000,"total_number":0,"total_page":1}}}""");

        await CreateSut().GetDailyInsightsAsync(Account, Day, Day.AddDays(3), TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("https://business-api.tiktok.com/open_api/v1.3/report/integrated/get/", request.Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(Token, request.Headers["Access-Token"]);
        var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
        Assert.Equal("7001", query["advertiser_id"]);
        Assert.Equal("AUCTION_ADGROUP", query["data_level"]);
        Assert.Equal("""["adgroup_id","stat_time_day"]""", query["dimensions"]);
        Assert.Equal(TikTokReportsClient.Metrics, query["metrics"]);
        Assert.Equal("2024-01-01", query["start_date"]);
        Assert.Equal("2024-01-04", query["end_date"]);
        Assert.Equal("1", query["page"]);
        Assert.Equal(10, query.Count);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_FortyFiveDays_AsksTwoReportsOfAtMostThirtyDays()
    {
        _handler.RespondJson(DailyReport("1", "2024-01-02 00:00:00"));
        _handler.RespondJson(DailyReport("2", "2024-02-10 00:00:00"));

        var rows = await CreateSut().GetDailyInsightsAsync(Account, Day, Day.AddDays(44), TestContext.Current.CancellationToken);

        var queries = _handler.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(r.Uri.Query)).ToList();
        Assert.Equal(["2024-01-01", "2024-01-31"], queries.Select(q => q["start_date"]));
        Assert.Equal(["2024-01-30", "2024-02-14"], queries.Select(q => q["end_date"]));
        Assert.Equal([new DateOnly(2024, 1, 2), new DateOnly(2024, 2, 10)], rows.Select(r => r.Day));
        Assert.Equal(new AdSetRef(Platform.TikTok, "1"), rows[0].AdSet);
        Assert.Equal(new Money(12.34m, "USD"), rows[0].Spend);
        Assert.Equal((1200L, 40L, 3L), (rows[0].Impressions, rows[0].Clicks, rows[0].Conversions));
        Assert.Equal(new Money(90m, "USD"), rows[0].ConversionValue);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_DayThatIsNotMidnight_FailsNamingTheField()
    {
        _handler.RespondJson(DailyReport("1", "2024-01-02 09:00:00"));

        var ex = await Assert.ThrowsAsync<PlatformResponseException>(
            () => CreateSut().GetDailyInsightsAsync(Account, Day, Day.AddDays(3), TestContext.Current.CancellationToken));

        Assert.Contains("stat_time_day", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"code":50000,"message":"System error.","data":{}}""", typeof(PlatformUnavailableException), "50000", null)]
    [InlineData("""{"code":40100,"message":"Due to too many requests, requests from App [1] are temporarily restricted.","request_id":"202401","data":{}}""",
        typeof(PlatformRateLimitedException), "40100", "202401")]
    [InlineData("""{"code":40105,"message":"Access token is invalid","request_id":"r","data":{}}""", typeof(PlatformAuthenticationException), "40105", "r")]
    [InlineData("""{"code":40002,"message":"start_date: invalid","request_id":"q","data":{}}""", typeof(PlatformRequestRejectedException), "40002", "q")]
    public async Task GetHourlyInsightsAsync_ErrorCodeWithHttp200_ThrowsTypedErrorKeepingRequestId(
        string body, Type expected, string code, string? requestId)
    {
        _handler.RespondJson(body);

        var ex = await Assert.ThrowsAnyAsync<PlatformException>(
            () => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.IsType(expected, ex);
        Assert.Equal(code, ex.Context.ErrorCode);
        Assert.Equal(requestId, ex.Context.RequestId);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_FixtureSystemError_IsTransient()
    {
        _handler.RespondJson(File.ReadAllText(FixtureFiles.PathOf("tiktok", "error_50000_system_error_http200.airbyte.json")));

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.True(ex.IsTransient);
    }

    [Theory]
    [InlineData("spend", "\"twenty\"")]
    [InlineData("impressions", "\"1e3x\"")]
    public async Task GetHourlyInsightsAsync_MetricThatIsNotANumber_FailsNamingTheField(string metric, string json)
    {
        var report = JsonNode.Parse(Report(1, 1, "1", "\"1.00\"", "null", "null"))!;
        report["data"]!["list"]![0]!["metrics"]![metric] = JsonNode.Parse(json);
        _handler.RespondJson(report.ToJsonString());

        var ex = await Assert.ThrowsAsync<PlatformResponseException>(
            () => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Contains($"data.list[0].metrics.{metric}", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_HttpNotFound_ThrowsRequestRejected()
    {
        _handler.Respond(HttpStatusCode.NotFound, "<html/>");

        await Assert.ThrowsAsync<PlatformRequestRejectedException>(
            () => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));
    }

    private TikTokReportsClient CreateSut() => TestClients.TikTokReports(_handler, new TikTokOptions { AccessToken = Token, MaxThrottleRetries = 0 });

    private static string DailyReport(string adGroupId, string day) =>
        """
        {"code":0,"message":"OK","request_id":"req","data":{"list":[{"dimensions":{"adgroup_id":"ADGROUP","stat_time_day":"DAY"},
          "metrics":{"spend":"12.34","impressions":"1200","clicks":"40","complete_payment":"3","total_complete_payment_rate":"90.00"}}],
         "page_info":{"page":1,"page_size":1000,"total_number":1,"total_page":1}}}
        """
        .Replace("ADGROUP", adGroupId, StringComparison.Ordinal)
        .Replace("DAY", day, StringComparison.Ordinal);

    private static string Report(int page, int totalPages, string adGroupId, string spend, string payments, string value) =>
        """
        {"code":0,"message":"OK","request_id":"req","data":{"list":[{"dimensions":{"adgroup_id":"ADGROUP","stat_time_hour":"2024-01-01 09:00:00"},
          "metrics":{"spend":SPEND,"impressions":"100","clicks":"5","complete_payment":PAYMENTS,"total_complete_payment_rate":VALUE}}],
         "page_info":{"page":PAGE,"page_size":1,"total_number":TOTAL,"total_page":TOTAL}}}
        """
        .Replace("ADGROUP", adGroupId, StringComparison.Ordinal)
        .Replace("SPEND", spend, StringComparison.Ordinal)
        .Replace("PAYMENTS", payments, StringComparison.Ordinal)
        .Replace("VALUE", value, StringComparison.Ordinal)
        .Replace("PAGE", page.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("TOTAL", totalPages.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal);
}

using AdPilot.Connectors.Tests.TestData;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.TikTok;

/// <summary>TikTok's HTTP-200 throttles and day-by-day ranges, on a fake clock: nothing waits in real time.</summary>
public sealed class TikTokReportsClientThrottleTests
{
    private const string Token = "tiktok-secret-token";
    private const string EmptyReport =
        """{"code":0,"message":"OK","request_id":"ok","data":{"list":[],"page_info":{"page":1,"page_size":1000,"total_number":0,"total_page":0}}}""";
    private static readonly AdAccountRef Account = new(Platform.TikTok, "7001", "USD");
    private static readonly DateOnly Day = new(2024, 1, 1);

    private readonly StubHandler _handler = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task GetHourlyInsightsAsync_AdvertiserQpsLimit_WaitsASecondThenRetries()
    {
        _handler.RespondJson("""{"code":40133,"message":"Advertiser (7001)'s QPS reaches QPS limit","request_id":"q1","data":{}}""");
        _handler.RespondJson(EmptyReport);

        var rows = await _clock.RunAsync(() => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Empty(rows);
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal([TimeSpan.FromSeconds(1)], _clock.Waits);
    }

    [Theory]
    [InlineData(40100)]
    [InlineData(40016)]
    public async Task GetHourlyInsightsAsync_AppLimitEveryTime_GivesUpAfterMaxThrottleRetriesKeepingRequestId(int code)
    {
        for (var i = 0; i < 3; i++)
        {
            _handler.RespondJson("""{"code":CODE,"message":"Due to too many requests","request_id":"rid","data":{}}"""
                .Replace("CODE", code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        }

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => _clock.RunAsync(
            () => CreateSut(maxRetries: 2).GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken)));

        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal("rid", ex.Context.RequestId);
        Assert.Equal(2, _clock.Waits.Count);
        Assert.InRange(_clock.Waits[0], TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1));
        Assert.InRange(_clock.Waits[1], TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_ThreeDays_SendsOneSingleDayRequestPerDay()
    {
        for (var i = 0; i < 3; i++)
        {
            _handler.RespondJson(EmptyReport);
        }

        await CreateSut().GetHourlyInsightsRangeAsync(Account, Day, Day.AddDays(2), TestContext.Current.CancellationToken);

        var days = _handler.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(r.Uri.Query)).ToList();
        Assert.Equal(["2024-01-01", "2024-01-02", "2024-01-03"], days.Select(q => q["start_date"]));
        Assert.All(days, q => Assert.Equal(q["start_date"], q["end_date"]));
        Assert.All(days, q => Assert.Equal("""["adgroup_id","stat_time_hour"]""", q["dimensions"]));
    }

    [Fact]
    public async Task GetAdGroupsAsync_ThrottledOnce_Retries()
    {
        _handler.RespondJson("""{"code":40133,"message":"QPS","request_id":"q","data":{}}""");
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r","data":{"list":[],"page_info":{"page":1,"page_size":1000,"total_number":0,"total_page":0}}}""");

        var adGroups = await _clock.RunAsync(() => TestClients.TikTokAdGroups(_handler, new TikTokOptions { AccessToken = Token }, _clock)
            .GetAdGroupsAsync(Account, TestContext.Current.CancellationToken));

        Assert.Empty(adGroups);
        Assert.Equal(2, _handler.Requests.Count);
    }

    private TikTokReportsClient CreateSut(int maxRetries = 4) =>
        TestClients.TikTokReports(_handler, new TikTokOptions { AccessToken = Token, MaxThrottleRetries = maxRetries }, _clock);
}

using System.Net;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.Meta;

/// <summary>Throttling and pacing of Meta calls, on a fake clock: nothing waits in real time.</summary>
public sealed class MetaInsightsClientThrottleTests
{
    private const string Token = "EAAB-secret-token";
    private const string Secret = "app-secret";
    private const string EmptyPage = """{"data":[]}""";
    private const string Throttle80000 =
        """{"error":{"message":"(#80000) There have been too many calls from this ad-account.","type":"OAuthException","code":80000,"error_subcode":2446079,"fbtrace_id":"F1"}}""";
    private static readonly AdAccountRef Account = new(Platform.Instagram, "798085168510957", "USD");
    private static readonly DateOnly Day = new(2026, 1, 5);

    private readonly StubHandler _handler = new();
    private readonly ManualClock _clock = new();

    [Fact]
    public async Task GetHourlyInsightsAsync_ThrottledWithRegainTime_WaitsItOutThenRetries()
    {
        _handler.Respond(HttpStatusCode.BadRequest, Throttle80000, r => r.Headers.Add(MetaUsage.BusinessUseCaseHeader, Business(50, regainMinutes: 1)));
        _handler.RespondJson(EmptyPage);

        var rows = await _clock.RunAsync(() => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Empty(rows);
        Assert.Equal(2, _handler.Requests.Count);
        Assert.Equal([TimeSpan.FromMinutes(1)], _clock.Waits);
    }

    [Theory]
    [InlineData(400, 17)]
    [InlineData(400, 4)]
    [InlineData(403, 613)]
    [InlineData(400, 32)]
    public async Task GetHourlyInsightsAsync_ThrottleCodeWithoutATime_RetriesAfterAJitteredDelay(int status, int code)
    {
        _handler.Respond((HttpStatusCode)status, """{"error":{"message":"limit","code":CODE}}""".Replace("CODE", code.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal));
        _handler.RespondJson(EmptyPage);

        await _clock.RunAsync(() => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Equal(2, _handler.Requests.Count);
        var wait = Assert.Single(_clock.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(1.5), TimeSpan.FromSeconds(2));
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_ThrottledEveryTime_GivesUpAfterMaxThrottleRetriesWithTheTypedError()
    {
        for (var i = 0; i < 3; i++)
        {
            _handler.Respond(HttpStatusCode.BadRequest, """{"error":{"message":"(#4) Application request limit reached","code":4,"fbtrace_id":"F4"}}""");
        }

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => _clock.RunAsync(
            () => CreateSut(new MetaOptions { AccessToken = Token, AppSecret = Secret, MaxThrottleRetries = 2 })
                .GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken)));

        Assert.Equal(3, _handler.Requests.Count);
        Assert.Equal(2, _clock.Waits.Count);
        Assert.Equal("F4", ex.Context.RequestId);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_RegainTimeBeyondMaxThrottleWait_GivesUpAtOnceAndRefusesTheNextCallWithoutSendingIt()
    {
        _handler.Respond(HttpStatusCode.BadRequest, Throttle80000, r => r.Headers.Add(MetaUsage.BusinessUseCaseHeader, Business(100, regainMinutes: 30)));
        var pacer = new MetaPacer(Microsoft.Extensions.Options.Options.Create(Options()), _clock);
        var sut = TestClients.MetaInsights(_handler, Options(), _clock, pacer);

        var first = await Assert.ThrowsAsync<PlatformRateLimitedException>(
            () => sut.GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));
        var second = await Assert.ThrowsAsync<PlatformRateLimitedException>(
            () => sut.GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromMinutes(30), first.RetryAfter);
        Assert.Equal(TimeSpan.FromMinutes(30), second.RetryAfter);
        Assert.Single(_handler.Requests);
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_Http429_IsNotRetriedAgainAtThisLayer()
    {
        _handler.Respond(HttpStatusCode.TooManyRequests, "{}", r => r.Headers.RetryAfter = new System.Net.Http.Headers.RetryConditionHeaderValue(TimeSpan.FromSeconds(3)));

        await Assert.ThrowsAsync<PlatformRateLimitedException>(
            () => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_UsageHeadersPastTheThreshold_PaceTheNextCall()
    {
        _handler.Respond(HttpStatusCode.OK, EmptyPage, r => r.Headers.Add(MetaUsage.AppHeader, """{"call_count":85,"total_time":10,"total_cputime":10}"""));
        _handler.RespondJson(EmptyPage);
        var pacer = new MetaPacer(Microsoft.Extensions.Options.Options.Create(Options()), _clock);
        var sut = TestClients.MetaInsights(_handler, Options(), _clock, pacer);

        await sut.GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken);
        Assert.Empty(_clock.Waits);
        await _clock.RunAsync(() => sut.GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Equal([TimeSpan.FromSeconds(2.5)], _clock.Waits);
    }

    [Fact]
    public async Task UpdateAdSetAsync_Throttled_IsNotRetried()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"error":{"message":"(#4) Application request limit reached","code":4}}""");

        await Assert.ThrowsAsync<PlatformRateLimitedException>(() => TestClients.MetaAdSets(_handler, Options(), _clock).UpdateAdSetAsync(
            Account, new AdSetUpdate(new AdSetRef(Platform.Instagram, "1"), Status: AdSetStatus.Paused), TestContext.Current.CancellationToken));

        Assert.Single(_handler.Requests);
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task GetAdSetsAsync_ThrottledOnce_Retries()
    {
        _handler.Respond(HttpStatusCode.BadRequest, """{"error":{"message":"(#17) User request limit reached","code":17}}""");
        _handler.RespondJson(EmptyPage);

        var adSets = await _clock.RunAsync(() => TestClients.MetaAdSets(_handler, Options(), _clock)
            .GetAdSetsAsync(Account, TestContext.Current.CancellationToken));

        Assert.Empty(adSets);
        Assert.Equal(2, _handler.Requests.Count);
    }

    private static MetaOptions Options() => new() { AccessToken = Token, AppSecret = Secret };

    private static string Business(int callCount, int regainMinutes) =>
        $$"""{"798085168510957":[{"type":"ads_insights","call_count":{{callCount}},"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":{{regainMinutes}}}]}""";

    private MetaInsightsClient CreateSut(MetaOptions? options = null) => TestClients.MetaInsights(_handler, options ?? Options(), _clock);
}

using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// The TikTok connector against the in-process sandbox with injected faults, over real loopback HTTP: what the connector
/// does under each fault (retries, or the typed error keeping TikTok's code and request id), that the same client reads
/// correctly once the fault stops, and that what it reads then matches the world to the cent; and bid updates through
/// <c>adgroup/update/</c>. Every wait, the pipeline's attempt timeout included, runs on <see cref="FaultTestClock"/>.
/// </summary>
public sealed class TikTokSandboxFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_Http429Twice_RetriesAfterRetryAfterAndMatchesTheWorld()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"report","fault":"http_429","probability":1,"retryAfterSeconds":7,"times":2}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(rows));
        Assert.Equal(2, clock.Waits.Count(w => w == TimeSpan.FromSeconds(7)));
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Injected);
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_Http429Persisting_ThrowsRateLimitedWithRetryAfterThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"report","fault":"http_429","probability":1,"retryAfterSeconds":3}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("429", ex.Context.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(3), ex.RetryAfter);
        Assert.Equal(4, (await faults.CountsAsync(Ct))[0].Tried); // the pipeline's retries only: the connector does not retry a 429 again
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Theory]
    [InlineData(40100)]
    [InlineData(40133)]
    [InlineData(40016)]
    public async Task GetHourlyInsightsRangeAsync_ThrottledOnceInHttp200_WaitsOnTheClockAndMatchesTheWorld(int code)
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync($$"""[{"platform":"tiktok","endpoint":"report","fault":"throttle","probability":1,"code":{{code}},"times":1}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(rows));
        var wait = Assert.Single(clock.Waits);
        if (code == 40133)
        {
            Assert.Equal(TimeSpan.FromSeconds(1), wait); // the per-second limit clears in a second
        }
        else
        {
            Assert.InRange(wait, TimeSpan.FromSeconds(0.75), TimeSpan.FromSeconds(1)); // TikTok:ThrottleBaseDelay with jitter
        }
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_ThrottlePersisting_GivesUpAfterMaxRetriesKeepingCodeAndRequestIdThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"report","fault":"throttle","probability":1,"code":40100}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("40100", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.Equal(5, (await faults.CountsAsync(Ct))[0].Tried); // TikTok:MaxThrottleRetries (4) after the first attempt
        Assert.Equal(4, clock.Waits.Count);
        Assert.True(clock.Waits.Aggregate(TimeSpan.Zero, (a, b) => a + b) <= TimeSpan.FromMinutes(1));

        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_GatewayServerError_RetriedThenTypedWhenPersistingThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();

        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"report","fault":"server_error","probability":1,"status":503,"times":2}]""", Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Injected);

        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"report","fault":"server_error","probability":1,"status":503}]""", Ct);
        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => clock.RunAsync(() => PullAsync(services, server)));
        Assert.Equal("503", ex.Context.ErrorCode);
        Assert.Equal(4, (await faults.CountsAsync(Ct))[0].Tried);

        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Theory]
    [InlineData(50000)]
    [InlineData(50002)]
    [InlineData(60001)]
    public async Task GetHourlyInsightsRangeAsync_SystemErrorInHttp200_ThrowsUnavailableKeepingCodeAndRequestIdThenRecovers(int code)
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync($$"""[{"platform":"tiktok","endpoint":"report","fault":"server_error","probability":1,"code":{{code}}}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal(code.ToString(System.Globalization.CultureInfo.InvariantCulture), ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried); // an envelope error is not the pipeline's to retry
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_Timeout_AttemptTimeoutFiresOnTheClockRetriesThenGivesUpThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock, timeouts: true);
        var faults = services.GetRequiredService<SandboxFaultControl>();

        await faults.StartAsync(SandboxFaultControl.HoldRules("tiktok", "report", times: 1), Ct);
        var pull = clock.RunAsync(() => PullAsync(services, server));
        await faults.TimeOutHeldAttemptsAsync(clock, attempts: 1, Ct);
        Assert.Equal(Expected(server), Actual(await pull));

        await faults.StartAsync(SandboxFaultControl.HoldRules("tiktok", "report"), Ct);
        pull = clock.RunAsync(() => PullAsync(services, server));
        await faults.TimeOutHeldAttemptsAsync(clock, attempts: 2, Ct);
        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => pull);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Tried);

        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_Latency_AnswersLateButCompleteAndMatchesTheWorld()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock, timeouts: false, ("TikTok:PageSize", "10"));
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"tiktok","fault":"latency","probability":1,"latencyMs":50}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(rows));
        Assert.True((await faults.CountsAsync(Ct))[0].Injected >= 2);
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_MalformedBody_ThrowsResponseErrorWithoutRetryThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"report","fault":"malformed_body","probability":1}]""", Ct);

        await Assert.ThrowsAsync<PlatformResponseException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetAdGroupsAsync_ExpiredToken_ThrowsAuthenticationWithoutRetryThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<TikTokAdGroupsClient>();
        await faults.StartAsync("""[{"platform":"tiktok","fault":"expired_token","probability":1}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => clock.RunAsync(() => client.GetAdGroupsAsync(Account(server), Ct)));

        Assert.Equal("40102", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        Assert.Empty(clock.Waits);

        await faults.StopAsync(Ct);
        var adGroups = await clock.RunAsync(() => client.GetAdGroupsAsync(Account(server), Ct));
        Assert.Equal(TikTokAdGroups(server).Select(a => a.Ref.ExternalId), adGroups.Select(a => a.AdSet.ExternalId));
    }

    [Fact]
    public async Task UpdateAdSetAsync_CostCapBidCapAndNoBid_ChangeTheWorldAndReadBack()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        IAdPlatform platform = services.GetRequiredService<TikTokAdPlatform>();
        var group = TikTokAdGroups(server)[0];

        foreach (var bid in new[] { BidStrategy.CostCap(7.77m), BidStrategy.BidCap(3.33m), BidStrategy.LowestCost })
        {
            await clock.RunAsync(() => platform.UpdateAdSetAsync(Account(server), new AdSetUpdate(group.Ref, BidStrategy: bid), Ct));

            Assert.Equal(bid, server.World.SettingsOf(group.Index).Bid);
            var snapshot = await clock.RunAsync(() => platform.GetAdSetsAsync(Account(server), Ct));
            Assert.Equal(bid, snapshot.Single(a => a.AdSet == group.Ref).BidStrategy);
        }
    }

    [Fact]
    public async Task UpdateAdGroupAsync_ThrottledBidUpdate_ThrowsAtOnceChangingNothingThenApplies()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<TikTokAdGroupsClient>();
        var group = TikTokAdGroups(server)[0];
        var before = server.World.SettingsOf(group.Index);
        var update = new AdSetUpdate(group.Ref, BidStrategy: BidStrategy.CostCap(9.87m));
        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"adgroup_update","fault":"throttle","probability":1,"code":40133}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => client.UpdateAdGroupAsync(Account(server), update, Ct)));

        Assert.Equal("40133", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried); // a write is sent once
        Assert.Equal(before, server.World.SettingsOf(group.Index));

        await faults.StopAsync(Ct);
        await clock.RunAsync(() => client.UpdateAdGroupAsync(Account(server), update, Ct));
        Assert.Equal(BidStrategy.CostCap(9.87m), server.World.SettingsOf(group.Index).Bid);
    }

    [Fact]
    public async Task UpdateAdGroupAsync_MalformedAnswerToTheBudgetPart_StopsBeforeBidAndStatusThenTheResendAppliesAll()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<TikTokAdGroupsClient>();
        var group = TikTokAdGroups(server)[0];
        var before = server.World.SettingsOf(group.Index);
        var budget = Math.Min(group.MaxDailyBudget, Math.Round(before.DailyBudget * 1.2m, 2));
        var update = new AdSetUpdate(group.Ref, new Money(budget, server.World.Currency), BidStrategy.BidCap(2.22m), AdSetStatus.Paused);
        await faults.StartAsync("""[{"platform":"tiktok","endpoint":"adgroup_update","fault":"malformed_body","probability":1,"times":1}]""", Ct);

        await Assert.ThrowsAsync<PlatformResponseException>(() => clock.RunAsync(() => client.UpdateAdGroupAsync(Account(server), update, Ct)));

        // The budget call ran (its answer was cut); the bid and status calls were never sent.
        Assert.Equal(before with { DailyBudget = budget }, server.World.SettingsOf(group.Index));

        await faults.StopAsync(Ct);
        await clock.RunAsync(() => client.UpdateAdGroupAsync(Account(server), update, Ct));
        Assert.Equal(new AdSetSettings(budget, AdSetStatus.Paused, BidStrategy.BidCap(2.22m)), server.World.SettingsOf(group.Index));
    }

    /// <summary>A sandbox a day and a bit into the scenario, so pulls span two local days.</summary>
    private static async Task<SandboxServer> StartAsync()
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        server.World.Advance(26);
        return server;
    }

    /// <summary>
    /// The production registration over in-memory configuration naming the sandbox, on <paramref name="clock"/> (with
    /// a fake-clock attempt timeout when <paramref name="timeouts"/>), and the sandbox's fault control.
    /// </summary>
    private static ServiceProvider Build(SandboxServer server, FaultTestClock clock, bool timeouts = false, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["TikTok:BaseUrl"] = server.TikTokApiRoot.ToString(),
            ["TikTok:AccessToken"] = server.Credentials.TikTokAccessToken,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        if (timeouts)
        {
            FaultTestResilience.UseFakeClockAttemptTimeout(services, clock);
        }
        else
        {
            FaultTestResilience.UseFakeClock(services, clock);
        }

        services.AddTikTokConnector();
        SandboxFaultControl.Register(services, server);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static Task<IReadOnlyList<AdSetHourInsight>> PullAsync(ServiceProvider services, SandboxServer server)
    {
        var days = Days(server);
        return services.GetRequiredService<TikTokReportsClient>().GetHourlyInsightsRangeAsync(Account(server), days[0], days[^1], Ct);
    }

    private static AdAccountRef Account(SandboxServer server) => new(Platform.TikTok, server.TikTokAdvertiserIds[0], server.World.Currency);

    private static List<SandboxAdSet> TikTokAdGroups(SandboxServer server) => [.. server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok)];

    /// <summary>The local days the simulated hours so far touch.</summary>
    private static List<DateOnly> Days(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.StartUtc, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.Clock.GetUtcNow().AddTicks(-1), zone).DateTime);
        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
    }

    /// <summary>Every TikTok ad group hour with delivery, as the world recorded it, in advertiser-local days and hours.</summary>
    private static List<(string AdSet, DateOnly Day, int Hour, decimal Spend, long Impressions, long Clicks)> Expected(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        var expected = server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow())
            .Where(h => server.World.AdSets[h.AdSetIndex].Ref.Platform == Platform.TikTok && (h.Impressions > 0 || h.Spend.Amount > 0))
            .Select(h =>
            {
                var local = TimeZoneInfo.ConvertTime(h.HourStartUtc, zone).DateTime;
                return (server.World.AdSets[h.AdSetIndex].Ref.ExternalId, DateOnly.FromDateTime(local), local.Hour, h.Spend.Amount, h.Impressions, h.Clicks);
            })
            .Order()
            .ToList();
        Assert.NotEmpty(expected);
        return expected;
    }

    private static List<(string AdSet, DateOnly Day, int Hour, decimal Spend, long Impressions, long Clicks)> Actual(IEnumerable<AdSetHourInsight> rows) =>
        [.. rows.Select(r => (r.AdSet.ExternalId, r.Day, r.Hour, r.Spend.Amount, r.Impressions, r.Clicks)).Order()];
}

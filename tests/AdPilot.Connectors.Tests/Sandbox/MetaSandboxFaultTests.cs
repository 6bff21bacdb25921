using AdPilot.Connectors.Meta;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Http.Resilience;
using Polly.CircuitBreaker;
using Polly.Timeout;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// The Meta connector against the in-process sandbox with injected faults, over real loopback HTTP: what the connector
/// does under each fault (retries, or the typed error keeping Meta's code and trace id), that the same client reads
/// correctly once the fault stops, and that what it reads then matches the world to the cent. Every wait, the
/// pipeline's attempt timeout included, runs on <see cref="FaultTestClock"/>.
/// </summary>
public sealed class MetaSandboxFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetHourlyInsightsAsync_Http429Twice_RetriesAfterRetryAfterAndMatchesTheWorld()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"insights","fault":"http_429","probability":1,"retryAfterSeconds":7,"times":2}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(rows));
        Assert.Equal(2, clock.Waits.Count(w => w == TimeSpan.FromSeconds(7)));
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Injected);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_Http429Persisting_ThrowsRateLimitedWithRetryAfterThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"insights","fault":"http_429","probability":1,"retryAfterSeconds":7}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("429", ex.Context.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(7), ex.RetryAfter);
        Assert.Equal(4, (await faults.CountsAsync(Ct))[0].Tried); // the first attempt and the pipeline's 3 retries, none by the connector
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Theory]
    [InlineData(4)]
    [InlineData(17)]
    [InlineData(613)]
    [InlineData(80000)]
    [InlineData(80004)]
    public async Task GetHourlyInsightsAsync_ThrottledOnce_WaitsTheRegainTimeOnTheClockAndMatchesTheWorld(int code)
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync($$"""[{"platform":"meta","endpoint":"insights","fault":"throttle","probability":1,"code":{{code}},"retryAfterSeconds":60,"times":1}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(rows));
        Assert.Contains(TimeSpan.FromMinutes(1), clock.Waits); // estimated_time_to_regain_access, in minutes
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Injected);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_ThrottlePersisting_GivesUpWithinMaxThrottleWaitKeepingCodeAndTraceThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"insights","fault":"throttle","probability":1,"retryAfterSeconds":60}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("80000/2446079", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.Equal(TimeSpan.FromMinutes(1), ex.RetryAfter);

        // Two waits of a minute fit in Meta:MaxThrottleWait (2 min); a third would not, so the read gives up.
        Assert.Equal(3, (await faults.CountsAsync(Ct))[0].Tried);
        Assert.Equal(2, clock.Waits.Count(w => w == TimeSpan.FromMinutes(1)));

        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task UpdateAdSetAsync_ThrottledWrite_ThrowsAtOnceChangingNothingThenApplies()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var adSet = server.Meta.AdSets[0];
        var before = server.World.SettingsOf(adSet.Index);
        var budget = NewBudget(server, adSet);
        var update = new AdSetUpdate(adSet.Ref, new Money(budget, server.World.Currency));
        await faults.StartAsync("""[{"platform":"meta","endpoint":"adset_update","fault":"throttle","probability":1}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => client.UpdateAdSetAsync(Account(server), update, Ct)));

        Assert.Equal("80004/2446079", ex.Context.ErrorCode);
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        Assert.Equal(before, server.World.SettingsOf(adSet.Index));

        await faults.StopAsync(Ct);
        await clock.RunAsync(() => client.UpdateAdSetAsync(Account(server), update, Ct));
        Assert.Equal(budget, server.World.SettingsOf(adSet.Index).DailyBudget);
        Assert.Contains(TimeSpan.FromMinutes(1), clock.Waits); // the pacer waited out the block Meta announced
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_UsageNearLimit_PacesEveryNextCallThenStopsPacingAfterRecovery()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock, ("Meta:InsightsPageSize", "5"));
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"*","fault":"usage_near_limit","probability":1}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        var pages = (await faults.CountsAsync(Ct))[0].Injected;
        Assert.True(pages >= 3, "the pull must span several pages");
        Assert.Equal(Expected(server), Actual(rows));

        // 90–99% lies between the threshold (75%, no delay) and 95% (5 s): 3.75 s to 5 s before every call but the first.
        Assert.Equal(pages - 1, clock.Waits.Count);
        Assert.All(clock.Waits, w => Assert.InRange(w, TimeSpan.FromSeconds(3.75), TimeSpan.FromSeconds(5)));

        await faults.StopAsync(Ct);
        clock.ClearWaits();
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));

        // Only the first call still paces on the last usage known; its answer brings the real, low usage.
        var wait = Assert.Single(clock.Waits);
        Assert.InRange(wait, TimeSpan.FromSeconds(3.75), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_ServerErrorTwice_RetriedByThePipelineAndMatchesTheWorld()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"insights","fault":"server_error","probability":1,"status":503,"times":2}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(rows));
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Injected);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_ServerErrorPersisting_ThrowsUnavailableKeepingCodeAndTraceThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"insights","fault":"server_error","probability":1}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("2", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.Equal(4, (await faults.CountsAsync(Ct))[0].Tried);
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_ServerErrorsOpenTheCircuit_ClosesAfterTheBreakDurationOnTheClock()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        var breakDuration = TimeSpan.FromMinutes(30);
        using var services = Build(server, clock, configure: o =>
        {
            o.CircuitBreaker.MinimumThroughput = 2;
            o.CircuitBreaker.FailureRatio = 0.5;
            o.CircuitBreaker.BreakDuration = breakDuration;
        });
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"insights","fault":"server_error","probability":1}]""", Ct);

        var opened = await Assert.ThrowsAsync<PlatformUnavailableException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.IsType<BrokenCircuitException>(opened.InnerException, exactMatch: false);
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Tried); // the open circuit refused the rest without calling Meta

        await faults.StopAsync(Ct);
        var stillOpen = await Assert.ThrowsAsync<PlatformUnavailableException>(() => clock.RunAsync(() => PullAsync(services, server)));
        Assert.IsType<BrokenCircuitException>(stillOpen.InnerException, exactMatch: false);

        clock.Advance(breakDuration);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_Timeout_AttemptTimeoutFiresOnTheClockRetriesThenGivesUpThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock, timeouts: true);
        var faults = services.GetRequiredService<SandboxFaultControl>();

        await faults.StartAsync(SandboxFaultControl.HoldRules("meta", "insights", times: 1), Ct);
        var pull = clock.RunAsync(() => PullAsync(services, server));
        await faults.TimeOutHeldAttemptsAsync(clock, attempts: 1, Ct);
        Assert.Equal(Expected(server), Actual(await pull));

        await faults.StartAsync(SandboxFaultControl.HoldRules("meta", "insights"), Ct);
        pull = clock.RunAsync(() => PullAsync(services, server));
        await faults.TimeOutHeldAttemptsAsync(clock, attempts: 2, Ct);
        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => pull);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Tried);

        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_Latency_AnswersLateButCompleteAndMatchesTheWorld()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock, ("Meta:InsightsPageSize", "10"));
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"*","fault":"latency","probability":1,"latencyMs":50}]""", Ct);

        var rows = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(rows));
        Assert.True((await faults.CountsAsync(Ct))[0].Injected >= 2);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_MalformedBody_ThrowsResponseErrorWithoutRetryThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"insights","fault":"malformed_body","probability":1}]""", Ct);

        await Assert.ThrowsAsync<PlatformResponseException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task UpdateAdSetAsync_MalformedAnswer_ThrowsResponseErrorThoughMetaAppliedIt_ReadBackShowsIt()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var adSet = server.Meta.AdSets[0];
        await faults.StartAsync("""[{"platform":"meta","endpoint":"adset_update","fault":"malformed_body","probability":1}]""", Ct);

        await Assert.ThrowsAsync<PlatformResponseException>(() => clock.RunAsync(
            () => client.UpdateAdSetAsync(Account(server), new AdSetUpdate(adSet.Ref, Status: AdSetStatus.Paused), Ct)));

        // The answer was cut, not the request: the caller cannot tell, so it reads back before trying again.
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(adSet.Index).Status);
        await faults.StopAsync(Ct);
        var snapshot = await clock.RunAsync(() => client.GetAdSetsAsync(Account(server), Ct));
        Assert.Equal(AdSetStatus.Paused, snapshot.Single(a => a.AdSet == adSet.Ref).Status);
    }

    [Fact]
    public async Task GetAdSetsAsync_ExpiredToken_ThrowsAuthenticationWithoutRetryThenRecovers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<MetaAdSetsClient>();
        await faults.StartAsync("""[{"platform":"meta","fault":"expired_token","probability":1}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => clock.RunAsync(() => client.GetAdSetsAsync(Account(server), Ct)));

        Assert.Equal("190/463", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        Assert.Empty(clock.Waits);

        await faults.StopAsync(Ct);
        var adSets = await clock.RunAsync(() => client.GetAdSetsAsync(Account(server), Ct));
        Assert.Equal(server.Meta.AdSets.Select(a => a.Ref.ExternalId), adSets.Select(a => a.AdSet.ExternalId));
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_ThrottledRunStartAndPoll_WaitsThemOutAndTheBackfillMatchesTheWorld()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock, ("Meta:ReportPollInterval", "00:00:05"));
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var days = Days(server);
        await faults.StartAsync(
            """
            [{"platform":"meta","endpoint":"report_run","fault":"throttle","probability":1,"code":80000,"retryAfterSeconds":60,"times":1},
             {"platform":"meta","endpoint":"report","fault":"throttle","probability":1,"code":613,"retryAfterSeconds":30,"times":1}]
            """,
            Ct);

        var rows = await clock.RunAsync(() => services.GetRequiredService<MetaInsightsClient>().GetHourlyInsightsRangeAsync(Account(server), days[0], days[^1], Ct));

        Assert.Equal(Expected(server), Actual(rows));
        Assert.All(await faults.CountsAsync(Ct), c => Assert.Equal(1, c.Injected));
        Assert.Equal(2, clock.Waits.Count(w => w == TimeSpan.FromMinutes(1))); // 30 s is announced as a whole minute too
    }

    [Fact]
    public async Task UpdateAdSetsBatchAsync_ThrottledBatch_ThrowsAtOnceApplyingNothingThenApplies()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var adSets = server.Meta.AdSets.Take(2).ToList();
        var updates = adSets.Select(a => new MetaBatchUpdate(new AdSetUpdate(a.Ref, Status: AdSetStatus.Paused), server.Meta.CampaignId)).ToList();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"batch","fault":"throttle","probability":1,"code":4}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => client.UpdateAdSetsBatchAsync(Account(server), updates, Ct)));

        Assert.Equal("4/1504022", ex.Context.ErrorCode);
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        Assert.All(adSets, a => Assert.Equal(AdSetStatus.Active, server.World.SettingsOf(a.Index).Status));

        await faults.StopAsync(Ct);
        var results = await clock.RunAsync(() => client.UpdateAdSetsBatchAsync(Account(server), updates, Ct));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.All(adSets, a => Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(a.Index).Status));
    }

    [Fact]
    public async Task UpdateAdSetsBatchAsync_AgainstTheBatchEndpoint_AppliesEveryUpdateAndReadsBack()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var (raised, capped, paused) = (server.Meta.AdSets[0], server.Meta.AdSets[1], server.Meta.AdSets[2]);
        var budget = NewBudget(server, raised);
        MetaBatchUpdate[] updates =
        [
            new(new AdSetUpdate(raised.Ref, new Money(budget, server.World.Currency)), server.Meta.CampaignId),
            new(new AdSetUpdate(capped.Ref, BidStrategy: BidStrategy.BidCap(3.21m)), server.Meta.CampaignId),
            new(new AdSetUpdate(paused.Ref, Status: AdSetStatus.Paused), server.Meta.CampaignId),
        ];

        var results = await clock.RunAsync(() => client.UpdateAdSetsBatchAsync(Account(server), updates, Ct));

        Assert.Equal(updates, results.Select(r => r.Update));
        Assert.All(results, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.Equal(budget, server.World.SettingsOf(raised.Index).DailyBudget);
        Assert.Equal(BidStrategy.BidCap(3.21m), server.World.SettingsOf(capped.Index).Bid);
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(paused.Index).Status);
        var snapshot = (await clock.RunAsync(() => client.GetAdSetsAsync(Account(server), Ct))).ToDictionary(a => a.AdSet.ExternalId);
        Assert.Equal(new Money(budget, server.World.Currency), snapshot[raised.Ref.ExternalId].DailyBudget);
        Assert.Equal(BidStrategy.BidCap(3.21m), snapshot[capped.Ref.ExternalId].BidStrategy);
        Assert.Equal(AdSetStatus.Paused, snapshot[paused.Ref.ExternalId].Status);
    }

    [Fact]
    public async Task UpdateAdSetsBatchAsync_PartialBatch_ReportsEachItemAppliesOnlyTheSucceededThenTheRetryApplies()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var adSets = server.Meta.AdSets.Take(6).ToList();
        var before = adSets.ToDictionary(a => a.Index, a => server.World.SettingsOf(a.Index));

        // Distinct campaign ids put every update in one batch (the sandbox does not enforce Meta's one-campaign rule).
        var updates = adSets.Select((a, i) => new MetaBatchUpdate(new AdSetUpdate(a.Ref, Status: AdSetStatus.Paused), $"campaign-{i}")).ToList();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"batch","fault":"partial_batch","probability":1,"itemProbability":0.5}]""", Ct);

        var results = await clock.RunAsync(() => client.UpdateAdSetsBatchAsync(Account(server), updates, Ct));

        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Injected);
        Assert.Equal(updates, results.Select(r => r.Update));
        var failed = results.Where(r => !r.Succeeded).ToList();
        Assert.NotEmpty(failed);
        Assert.Contains(results, r => r.Succeeded);
        Assert.All(failed, r => Assert.IsType<PlatformUnavailableException>(r.Error));
        foreach (var (result, adSet) in results.Zip(adSets))
        {
            Assert.Equal(result.Succeeded ? AdSetStatus.Paused : before[adSet.Index].Status, server.World.SettingsOf(adSet.Index).Status);
        }

        await faults.StopAsync(Ct);
        var retried = await clock.RunAsync(() => client.UpdateAdSetsBatchAsync(Account(server), [.. failed.Select(r => r.Update)], Ct));

        Assert.All(retried, r => Assert.True(r.Succeeded, r.Error?.Message));
        Assert.All(adSets, a => Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(a.Index).Status));
        var snapshot = (await clock.RunAsync(() => client.GetAdSetsAsync(Account(server), Ct))).ToDictionary(a => a.AdSet.ExternalId);
        Assert.All(adSets, a => Assert.Equal(AdSetStatus.Paused, snapshot[a.Ref.ExternalId].Status));
    }

    [Fact]
    public async Task UpdateAdSetsBatchAsync_PartialBatchOnTheFirstOfSeveralBatches_AppliesTheOthers()
    {
        await using var server = await StartAsync();
        var clock = new FaultTestClock();
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var adSets = server.Meta.AdSets.Take(3).ToList();

        // One campaign: one update per batch, so the fault's single failed item is the whole first batch.
        var updates = adSets.Select(a => new MetaBatchUpdate(new AdSetUpdate(a.Ref, Status: AdSetStatus.Paused), server.Meta.CampaignId)).ToList();
        await faults.StartAsync("""[{"platform":"meta","endpoint":"batch","fault":"partial_batch","probability":1,"times":1}]""", Ct);

        var results = await clock.RunAsync(() => client.UpdateAdSetsBatchAsync(Account(server), updates, Ct));

        Assert.Equal([false, true, true], results.Select(r => r.Succeeded));
        Assert.Equal(
            [AdSetStatus.Active, AdSetStatus.Paused, AdSetStatus.Paused],
            adSets.Select(a => server.World.SettingsOf(a.Index).Status));
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
    private static ServiceProvider Build(
        SandboxServer server,
        FaultTestClock clock,
        (string Key, string Value)[]? overrides = null,
        Action<HttpStandardResilienceOptions>? configure = null,
        bool timeouts = false)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
        };
        foreach (var (key, value) in overrides ?? [])
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
            FaultTestResilience.UseFakeClock(services, clock, configure);
        }

        services.AddMetaConnector();
        SandboxFaultControl.Register(services, server);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static ServiceProvider Build(SandboxServer server, FaultTestClock clock, params (string Key, string Value)[] overrides) =>
        Build(server, clock, overrides, configure: null);

    private static async Task<IReadOnlyList<AdSetHourInsight>> PullAsync(ServiceProvider services, SandboxServer server)
    {
        var client = services.GetRequiredService<MetaInsightsClient>();
        var rows = new List<AdSetHourInsight>();
        foreach (var day in Days(server))
        {
            rows.AddRange(await client.GetHourlyInsightsAsync(Account(server), day, Ct));
        }

        return rows;
    }

    private static AdAccountRef Account(SandboxServer server) => new(Platform.Instagram, server.Meta.AccountDigits, server.World.Currency);

    /// <summary>The local days the simulated hours so far touch (the first day when none passed).</summary>
    private static List<DateOnly> Days(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.StartUtc, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.Clock.GetUtcNow().AddTicks(-1), zone).DateTime);
        return Enumerable.Range(0, Math.Max(1, last.DayNumber - first.DayNumber + 1)).Select(first.AddDays).ToList();
    }

    /// <summary>Every Meta ad set hour with delivery, as the world recorded it, in account-local days and hours.</summary>
    private static List<(string AdSet, DateOnly Day, int Hour, decimal Spend, long Impressions, long Clicks)> Expected(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        var expected = server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow())
            .Where(h => server.World.AdSets[h.AdSetIndex].Ref.Platform == Platform.Instagram && (h.Impressions > 0 || h.Spend.Amount > 0))
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

    /// <summary>A budget in the ad set's range that differs from its current one, in whole cents.</summary>
    private static decimal NewBudget(SandboxServer server, SandboxAdSet adSet)
    {
        var current = server.World.SettingsOf(adSet.Index).DailyBudget;
        var raised = Math.Round(current * 1.1m, 2);
        return raised <= adSet.MaxDailyBudget && raised != current ? raised : Math.Round(Math.Max(adSet.MinDailyBudget, current * 0.9m), 2, MidpointRounding.ToPositiveInfinity);
    }
}

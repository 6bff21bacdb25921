using AdPilot.Connectors.Shopify;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using ShopifyOrder = AdPilot.Connectors.Shopify.ShopifyOrder;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Polly.Timeout;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// The Shopify connector against the in-process sandbox with injected faults, over real loopback HTTP: what the
/// connector does under each fault (retries, or the typed error), that the same client pulls correctly once the fault
/// stops, and that the orders it pulls then match the world to the cent. The sandbox's cost bucket and fault waits run
/// on the same <see cref="FaultTestClock"/> as the connector, so waiting for the bucket refills it.
/// </summary>
public sealed class ShopifySandboxFaultTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_ThrottledTwiceInHttp200_WaitsForTheBucketOnTheClockAndMatchesTheWorld()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"shopify","fault":"throttle","probability":1,"retryAfterSeconds":3,"times":2}]""", Ct);

        var orders = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(orders));
        Assert.True(clock.Waits.Count(w => w == TimeSpan.FromSeconds(3)) >= 2, "each THROTTLED answer waits (requested - available) / restoreRate");
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Injected);
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_ThrottlePersisting_ThrowsRateLimitedAfterMaxRetriesThenRecovers()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"shopify","fault":"throttle","probability":1,"retryAfterSeconds":2}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("THROTTLED", ex.Context.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
        Assert.Equal(6, (await faults.CountsAsync(Ct))[0].Tried); // Shopify:MaxThrottleRetries (5) after the first attempt
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_ThrottledWithHttp429_RetriedByThePipelineAfterRetryAfterAndMatchesTheWorld()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"shopify","fault":"throttle","probability":1,"status":429,"retryAfterSeconds":4,"times":2}]""", Ct);

        var orders = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(orders));
        Assert.True(clock.Waits.Count(w => w == TimeSpan.FromSeconds(4)) >= 2);
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Injected);
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_Http429Persisting_ThrowsRateLimitedWithRetryAfterThenRecovers()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"shopify","fault":"http_429","probability":1,"retryAfterSeconds":5}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("429", ex.Context.ErrorCode);
        Assert.Equal(TimeSpan.FromSeconds(5), ex.RetryAfter);
        Assert.Equal(4, (await faults.CountsAsync(Ct))[0].Tried);
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_ServerError_RetriedThenTypedWhenPersistingThenRecovers()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();

        await faults.StartAsync("""[{"platform":"shopify","fault":"server_error","probability":1,"status":503,"times":2}]""", Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Injected);

        await faults.StartAsync("""[{"platform":"shopify","fault":"server_error","probability":1,"status":502}]""", Ct);
        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => clock.RunAsync(() => PullAsync(services, server)));
        Assert.Equal("502", ex.Context.ErrorCode);
        Assert.Equal(4, (await faults.CountsAsync(Ct))[0].Tried);

        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_Timeout_AttemptTimeoutFiresOnTheClockRetriesThenGivesUpThenRecovers()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock, timeouts: true);
        var faults = services.GetRequiredService<SandboxFaultControl>();

        await faults.StartAsync(SandboxFaultControl.HoldRules("shopify", "graphql", times: 1), Ct);
        var pull = clock.RunAsync(() => PullAsync(services, server));
        await faults.TimeOutHeldAttemptsAsync(clock, attempts: 1, Ct);
        Assert.Equal(Expected(server), Actual(await pull));

        await faults.StartAsync(SandboxFaultControl.HoldRules("shopify", "graphql"), Ct);
        pull = clock.RunAsync(() => PullAsync(services, server));
        await faults.TimeOutHeldAttemptsAsync(clock, attempts: 2, Ct);
        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => pull);
        Assert.IsType<TimeoutRejectedException>(ex.InnerException);
        Assert.Equal(2, (await faults.CountsAsync(Ct))[0].Tried);

        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_Latency_AnswersLateOnTheServerClockAndMatchesTheWorld()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"shopify","fault":"latency","probability":1,"latencyMs":2000}]""", Ct);

        var orders = await clock.RunAsync(() => PullAsync(services, server));

        Assert.Equal(Expected(server), Actual(orders));
        var injected = (await faults.CountsAsync(Ct))[0].Injected;
        Assert.True(injected >= 2, "the pull must span several pages");
        Assert.Equal(injected, clock.Waits.Count(w => w == TimeSpan.FromSeconds(2)));
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_MalformedBody_ThrowsResponseErrorWithoutRetryThenRecovers()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"shopify","fault":"malformed_body","probability":1}]""", Ct);

        await Assert.ThrowsAsync<PlatformResponseException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_ExpiredToken_ThrowsAuthenticationWithoutRetryThenRecovers()
    {
        var clock = new FaultTestClock();
        await using var server = await StartAsync(clock);
        using var services = Build(server, clock);
        var faults = services.GetRequiredService<SandboxFaultControl>();
        await faults.StartAsync("""[{"platform":"shopify","fault":"expired_token","probability":1}]""", Ct);

        var ex = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => clock.RunAsync(() => PullAsync(services, server)));

        Assert.Equal("401", ex.Context.ErrorCode);
        Assert.DoesNotContain(server.Credentials.ShopifyAdminToken, ex.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, (await faults.CountsAsync(Ct))[0].Tried);
        await faults.StopAsync(Ct);
        Assert.Equal(Expected(server), Actual(await clock.RunAsync(() => PullAsync(services, server))));
    }

    /// <summary>A sandbox a day and a bit into the scenario, its cost bucket and fault waits on <paramref name="serverTime"/>.</summary>
    private static async Task<SandboxServer> StartAsync(TimeProvider serverTime)
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, serverTime);
        server.World.Advance(26);
        return server;
    }

    /// <summary>
    /// The production registration over in-memory configuration naming the sandbox, on <paramref name="clock"/> (with
    /// a fake-clock attempt timeout when <paramref name="timeouts"/>), and the sandbox's fault control.
    /// </summary>
    private static ServiceProvider Build(SandboxServer server, FaultTestClock clock, bool timeouts = false)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Shopify:ShopDomain"] = server.ShopDomain,
            ["Shopify:AdminToken"] = server.Credentials.ShopifyAdminToken,
            ["Shopify:BaseUrl"] = server.ShopifyBaseUrl.ToString(),

            // Fewer pages: the production limiter lets 2 calls a second through, in real time.
            ["Shopify:OrdersPageSize"] = "20",
        };
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

        services.AddShopifyConnector();
        SandboxFaultControl.Register(services, server);
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static DateTimeOffset Since(SandboxServer server) => server.World.StartUtc.AddDays(-1);

    private static async Task<IReadOnlyList<ShopifyOrder>> PullAsync(ServiceProvider services, SandboxServer server)
    {
        var orders = new List<ShopifyOrder>();
        await foreach (var page in services.GetRequiredService<ShopifyOrdersClient>().GetOrdersUpdatedSinceAsync(Since(server), server.World.Currency, Ct))
        {
            orders.AddRange(page.Orders);
        }

        return orders;
    }

    /// <summary>Every order the world placed, with its total.</summary>
    private static List<(long Id, decimal Total, string Currency)> Expected(SandboxServer server)
    {
        var expected = server.World.Orders().Select(o => (o.Id, o.CurrentTotal.Amount, o.CurrentTotal.Currency)).Order().ToList();
        Assert.True(expected.Count > 20, "the pull must span several pages");
        return expected;
    }

    private static List<(long Id, decimal Total, string Currency)> Actual(IEnumerable<ShopifyOrder> orders) =>
        [.. orders.Select(o => (o.Id, o.CurrentTotal.Amount, o.CurrentTotal.Currency)).Order()];
}

using AdPilot.Connectors.Http;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging.Abstractions;
using Polly.RateLimiting;

namespace AdPilot.Connectors.Tests.Http;

public sealed class ThrottleBackoffTests
{
    private static readonly PlatformErrorContext MetaThrottle = new(ExternalApi.Meta, "1", "17");
    private static readonly ThrottlePolicy Policy = new(MaxRetries: 3, MaxTotalWait: TimeSpan.FromSeconds(30), BaseDelay: TimeSpan.FromSeconds(2));

    private readonly ManualClock _clock = new();

    [Fact]
    public void NextDelay_PlatformSaidHowLong_WaitsExactlyThat()
    {
        var delay = CreateSut().NextDelay(Throttled(TimeSpan.FromSeconds(7)), retry: 1, waited: TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(7), delay);
    }

    [Theory]
    [InlineData(1, 1.0, 2.0)]
    [InlineData(2, 1.0, 4.0)]
    [InlineData(3, 1.0, 8.0)]
    [InlineData(2, 0.75, 3.0)]
    public void NextDelay_PlatformDidNotSay_DoublesFromTheBaseDelayWithJitter(int retry, double jitter, double expectedSeconds)
    {
        var delay = CreateSut(jitter).NextDelay(Throttled(null), retry, TimeSpan.Zero);

        Assert.Equal(TimeSpan.FromSeconds(expectedSeconds), delay);
    }

    [Fact]
    public void NextDelay_WaitBeyondWhatIsLeftOfTheBudget_GivesUpAtOnce()
    {
        var delay = CreateSut().NextDelay(Throttled(TimeSpan.FromSeconds(20)), retry: 2, waited: TimeSpan.FromSeconds(15));

        Assert.Null(delay);
    }

    [Fact]
    public void NextDelay_RetriesSpent_GivesUp()
    {
        Assert.Null(CreateSut().NextDelay(Throttled(TimeSpan.FromSeconds(1)), retry: 4, waited: TimeSpan.Zero));
    }

    [Fact]
    public void NextDelay_Http429OrOurOwnLimiter_IsLeftToTheResiliencePipeline()
    {
        var http429 = new PlatformRateLimitedException(MetaThrottle with { ErrorCode = "429" }, "HTTP 429", TimeSpan.FromSeconds(1));
        var ownLimiter = new PlatformRateLimitedException(
            MetaThrottle with { ErrorCode = null }, "our limiter", null, new RateLimiterRejectedException());

        Assert.Null(CreateSut().NextDelay(http429, retry: 1, waited: TimeSpan.Zero));
        Assert.Null(CreateSut().NextDelay(ownLimiter, retry: 1, waited: TimeSpan.Zero));
    }

    [Fact]
    public async Task ExecuteAsync_ThrottledTwiceThenAnswered_WaitsOnTheInjectedClockAndReturns()
    {
        var attempts = 0;
        var sut = CreateSut();

        var result = await _clock.RunAsync(() => sut.ExecuteAsync(
            _ => ++attempts <= 2 ? throw Throttled(null) : Task.FromResult("rows"),
            TestContext.Current.CancellationToken));

        Assert.Equal("rows", result);
        Assert.Equal(3, attempts);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4)], _clock.Waits);
    }

    [Fact]
    public async Task ExecuteAsync_AlwaysThrottled_GivesUpWithThePlatformsError()
    {
        var attempts = 0;
        var sut = CreateSut();

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => _clock.RunAsync(() => sut.ExecuteAsync<string>(
            _ =>
            {
                attempts++;
                throw Throttled(null);
            },
            TestContext.Current.CancellationToken)));

        Assert.Equal("17", ex.Context.ErrorCode);
        Assert.Equal(4, attempts);
        Assert.Equal([TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(4), TimeSpan.FromSeconds(8)], _clock.Waits);
    }

    [Fact]
    public async Task ExecuteAsync_CancelledDuringTheWait_ThrowsOperationCanceledWithoutRetrying()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var attempts = 0;
        var sut = CreateSut();

        var task = sut.ExecuteAsync<string>(
            _ =>
            {
                attempts++;
                throw Throttled(TimeSpan.FromSeconds(5));
            },
            cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => task);
        Assert.Equal(1, attempts);
    }

    private static PlatformRateLimitedException Throttled(TimeSpan? retryAfter) => new(MetaThrottle, "throttled", retryAfter);

    private ThrottleBackoff CreateSut(double jitter = 1.0) => new(Policy, _clock, NullLogger.Instance, () => jitter);
}

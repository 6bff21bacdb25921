using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests.Meta;

public sealed class MetaPacerTests
{
    private const string Account = "798085168510957";
    private static readonly PlatformErrorContext Context = new(ExternalApi.Meta, Account);

    private readonly ManualClock _clock = new();

    [Theory]
    [InlineData(50, 0)]
    [InlineData(75, 0)]
    [InlineData(85, 2500)]
    [InlineData(95, 5000)]
    [InlineData(100, 5000)]
    public void PacingDelay_Usage_GrowsLinearlyFromTheThresholdToTheMaximumAt95(double usage, int expectedMs)
    {
        Assert.Equal(TimeSpan.FromMilliseconds(expectedMs), MetaPacer.PacingDelay(usage, 75, TimeSpan.FromSeconds(5)));
    }

    [Fact]
    public async Task WaitAsync_UsageBelowThreshold_DoesNotWait()
    {
        var sut = CreateSut();
        sut.Observe(Account, Usage(account: AccountHeader(40), app: AppHeader(30)));

        await sut.WaitAsync(Account, Context, TestContext.Current.CancellationToken);

        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public async Task WaitAsync_AccountAt85Percent_WaitsHalfTheMaximumDelayBeforeTheCall()
    {
        var sut = CreateSut();
        sut.Observe(Account, Usage(account: AccountHeader(85)));

        await _clock.RunAsync(() => sut.WaitAsync(Account, Context, TestContext.Current.CancellationToken));

        Assert.Equal([TimeSpan.FromSeconds(2.5)], _clock.Waits);
    }

    [Fact]
    public async Task WaitAsync_AppUsageHigh_PacesEveryAccount()
    {
        var sut = CreateSut();
        sut.Observe(Account, Usage(app: AppHeader(99)));

        await _clock.RunAsync(() => sut.WaitAsync("another", Context, TestContext.Current.CancellationToken));

        Assert.Equal([TimeSpan.FromSeconds(5)], _clock.Waits);
    }

    [Fact]
    public async Task WaitAsync_BusinessUseCaseUsageHigh_PacesThatAccountOnly()
    {
        var sut = CreateSut();
        sut.Observe(Account, Usage(business: BusinessHeader(callCount: 95, regainMinutes: 0)));

        await sut.WaitAsync("another", Context, TestContext.Current.CancellationToken);
        Assert.Empty(_clock.Waits);
        await _clock.RunAsync(() => sut.WaitAsync(Account, Context, TestContext.Current.CancellationToken));

        Assert.Equal([TimeSpan.FromSeconds(5)], _clock.Waits);
    }

    [Fact]
    public async Task WaitAsync_RegainAccessWithinTheBound_WaitsItOutBeforeCallingThatAccount()
    {
        var sut = CreateSut();
        sut.Observe(Account, Usage(business: BusinessHeader(callCount: 50, regainMinutes: 1)));

        await _clock.RunAsync(() => sut.WaitAsync(Account, Context, TestContext.Current.CancellationToken));
        await sut.WaitAsync(Account, Context, TestContext.Current.CancellationToken);

        Assert.Equal([TimeSpan.FromMinutes(1)], _clock.Waits);
    }

    [Fact]
    public async Task WaitAsync_RegainAccessBeyondTheBound_RefusesAtOnceWithTheRemainingTime()
    {
        var sut = CreateSut();
        sut.Observe(Account, Usage(business: BusinessHeader(callCount: 100, regainMinutes: 10)));
        _clock.Advance(TimeSpan.FromMinutes(1));

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(
            () => sut.WaitAsync(Account, Context, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromMinutes(9), ex.RetryAfter);
        Assert.Empty(_clock.Waits);
    }

    [Fact]
    public void Observe_ResponseWithoutHeaders_KeepsTheLastKnownUsage()
    {
        var sut = CreateSut();
        sut.Observe(Account, Usage(account: AccountHeader(90)));

        sut.Observe(Account, Usage());

        Assert.Equal(90, sut.DelayBefore(Account).UsagePercent);
    }

    [Fact]
    public async Task WaitAsync_CancelledWhilePacing_ThrowsOperationCanceled()
    {
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);
        var sut = CreateSut();
        sut.Observe(Account, Usage(account: AccountHeader(99)));

        var wait = sut.WaitAsync(Account, Context, cts.Token);
        await cts.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => wait);
    }

    private static MetaUsageSnapshot Usage(string? app = null, string? account = null, string? business = null) =>
        MetaUsage.Read(name => name switch
        {
            MetaUsage.AppHeader => app,
            MetaUsage.AdAccountHeader => account,
            MetaUsage.BusinessUseCaseHeader => business,
            _ => null,
        });

    private static string AppHeader(int percent) =>
        $$"""{"call_count":{{percent}},"total_time":1,"total_cputime":1}""";

    private static string AccountHeader(int percent) =>
        $$"""{"acc_id_util_pct":{{percent}},"reset_time_duration":0,"ads_api_access_tier":"standard_access"}""";

    private static string BusinessHeader(int callCount, int regainMinutes) =>
        $$"""{"{{Account}}":[{"type":"ads_insights","call_count":{{callCount}},"total_cputime":1,"total_time":1,"estimated_time_to_regain_access":{{regainMinutes}}}]}""";

    private MetaPacer CreateSut() => new(Options.Create(new MetaOptions()), _clock);
}

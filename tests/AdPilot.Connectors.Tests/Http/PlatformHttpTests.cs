using AdPilot.Connectors.Http;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Platforms;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace AdPilot.Connectors.Tests.Http;

public sealed class PlatformHttpTests
{
    private static readonly PlatformErrorContext Context = new(ExternalApi.Meta, "42");

    public static TheoryData<string> GivenUpFailures() => ["transport", "timeout", "circuit", "canceled-by-timeout"];

    [Theory]
    [MemberData(nameof(GivenUpFailures))]
    public async Task SendAsync_PipelineGaveUp_ThrowsPlatformUnavailable(string failure)
    {
        Exception exception = failure switch
        {
            "transport" => new HttpRequestException(HttpRequestError.ConnectionError, "Connection refused"),
            "timeout" => new TimeoutRejectedException(),
            "circuit" => new BrokenCircuitException(),
            _ => new TaskCanceledException(),
        };
        var handler = new StubHandler().Throw(exception);
        using var client = handler.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://graph.example/x");

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => PlatformHttp.SendAsync(client, request, Context, TestContext.Current.CancellationToken));

        Assert.Equal("42", ex.Context.AccountId);
        Assert.True(ex.IsTransient);
    }

    [Fact]
    public async Task SendAsync_OwnRateLimiterRejected_ThrowsRateLimitedWithItsRetryAfter()
    {
        var handler = new StubHandler().Throw(new RateLimiterRejectedException(TimeSpan.FromSeconds(2)));
        using var client = handler.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://graph.example/x");

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(
            () => PlatformHttp.SendAsync(client, request, Context, TestContext.Current.CancellationToken));

        Assert.Equal(TimeSpan.FromSeconds(2), ex.RetryAfter);
    }

    [Fact]
    public async Task SendAsync_CallerCancelled_StaysOperationCanceled()
    {
        using var cts = new CancellationTokenSource();
        await cts.CancelAsync();
        var handler = new StubHandler().RespondJson("{}");
        using var client = handler.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "https://graph.example/x");

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => PlatformHttp.SendAsync(client, request, Context, cts.Token));
    }
}

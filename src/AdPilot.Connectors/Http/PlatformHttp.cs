using AdPilot.Core.Platforms;
using Polly.CircuitBreaker;
using Polly.RateLimiting;
using Polly.Timeout;

namespace AdPilot.Connectors.Http;

/// <summary>
/// Sends a request through a typed client and turns what the resilience pipeline gives up on (transport errors,
/// timeouts, an open circuit, a full rate-limiter queue) into typed errors, so one account's failed pull never
/// surfaces as an untyped exception. The caller's own cancellation stays an <see cref="OperationCanceledException"/>.
/// </summary>
internal static class PlatformHttp
{
    public static async Task<(HttpResponseMessage Response, byte[] Body)> SendAsync(
        HttpClient httpClient, HttpRequestMessage request, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        var response = await SendCoreAsync(httpClient, request, HttpCompletionOption.ResponseContentRead, context, cancellationToken).ConfigureAwait(false);
        return (response, await response.Content.ReadAsByteArrayAsync(cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Sends a request and returns once the headers are in; the caller streams the body (a large download).</summary>
    public static Task<HttpResponseMessage> SendForStreamAsync(
        HttpClient httpClient, HttpRequestMessage request, PlatformErrorContext context, CancellationToken cancellationToken) =>
        SendCoreAsync(httpClient, request, HttpCompletionOption.ResponseHeadersRead, context, cancellationToken);

    private static async Task<HttpResponseMessage> SendCoreAsync(
        HttpClient httpClient, HttpRequestMessage request, HttpCompletionOption completion, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        HttpResponseMessage? response = null;
        try
        {
            response = await httpClient.SendAsync(request, completion, cancellationToken).ConfigureAwait(false);
            return response;
        }
        catch (HttpRequestException ex)
        {
            response?.Dispose();
            throw new PlatformUnavailableException(context, $"the service could not be reached ({ex.HttpRequestError})", ex);
        }
        catch (TimeoutRejectedException ex)
        {
            response?.Dispose();
            throw new PlatformUnavailableException(context, "the call timed out", ex);
        }
        catch (BrokenCircuitException ex)
        {
            response?.Dispose();
            throw new PlatformUnavailableException(context, "the circuit breaker is open after repeated failures", ex);
        }
        catch (RateLimiterRejectedException ex)
        {
            response?.Dispose();
            throw new PlatformRateLimitedException(context, "our own rate limiter refused the call", ex.RetryAfter, ex);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            response?.Dispose();
            throw new PlatformUnavailableException(context, "the call timed out", ex);
        }
    }
}

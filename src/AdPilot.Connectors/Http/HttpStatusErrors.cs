using System.Globalization;
using System.Net;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Http;

/// <summary>Maps an HTTP failure that reached us (after the resilience pipeline's retries) to a typed error.</summary>
internal static class HttpStatusErrors
{
    public static PlatformException FromStatus(HttpResponseMessage response, PlatformErrorContext context, string? detail = null)
    {
        var status = (int)response.StatusCode;
        var withCode = context with { ErrorCode = context.ErrorCode ?? status.ToString(CultureInfo.InvariantCulture) };
        var message = detail is null ? $"HTTP {status}" : $"HTTP {status}: {detail}";
        return response.StatusCode switch
        {
            HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => new PlatformAuthenticationException(withCode, message),
            HttpStatusCode.TooManyRequests => new PlatformRateLimitedException(withCode, message, RetryAfter(response)),
            HttpStatusCode.RequestTimeout or HttpStatusCode.Conflict => new PlatformUnavailableException(withCode, message),
            _ when status >= 500 => new PlatformUnavailableException(withCode, message),
            _ => new PlatformRequestRejectedException(withCode, message),
        };
    }

    /// <summary>The <c>Retry-After</c> header as a delay; a date is not converted (that needs the clock).</summary>
    public static TimeSpan? RetryAfter(HttpResponseMessage response) =>
        response.Headers.RetryAfter?.Delta;
}

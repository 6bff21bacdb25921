using System.Globalization;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.TikTok;

/// <summary>
/// Maps TikTok's envelope codes (errors arrive with HTTP 200 and a non-zero <c>code</c>) to typed errors, keeping the
/// code and <c>request_id</c> (api-reference.md §2.4).
/// </summary>
internal static class TikTokErrors
{
    public static PlatformException FromCode(long code, string message, PlatformErrorContext context)
    {
        var withCode = context with { ErrorCode = code.ToString(CultureInfo.InvariantCulture) };
        return code switch
        {
            40016 or 40100 or 40133 => new PlatformRateLimitedException(withCode, message, RetryAfter(code)),
            40001 or 40102 or 40104 or 40105 => new PlatformAuthenticationException(withCode, message),
            40202 or 50000 or 50002 or 60001 => new PlatformUnavailableException(withCode, message),
            >= 50000 => new PlatformUnavailableException(withCode, message),
            _ => new PlatformRequestRejectedException(withCode, message),
        };
    }

    /// <summary>TikTok sends no rate-limit headers; a per-second limit clears in a second (QPM/QPD limits take longer).</summary>
    private static TimeSpan? RetryAfter(long code) => code == 40133 ? TimeSpan.FromSeconds(1) : null;
}

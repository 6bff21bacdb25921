using System.Security.Cryptography;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Polly.RateLimiting;

namespace AdPilot.Connectors.Http;

/// <summary>
/// Retries a read that a platform throttled in its response body (Meta's codes 4/17/32/613/80000–80014 on HTTP 400/403,
/// TikTok's 40016/40100/40133 on HTTP 200): waits what the platform asked for (<c>Retry-After</c>, Meta's
/// <c>estimated_time_to_regain_access</c>) or a jittered exponential delay, on the injected <see cref="TimeProvider"/>,
/// within <see cref="ThrottlePolicy"/>; then gives up with the platform's typed error.
/// </summary>
/// <remarks>
/// Only reads come through here. HTTP 429 is not retried here because the resilience pipeline already retried it, and
/// a refusal from our own rate limiter is not the platform's, so no call is retried at two layers. The caller's
/// cancellation ends the wait at once.
/// </remarks>
internal sealed class ThrottleBackoff
{
    private readonly ThrottlePolicy _policy;
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly Func<double> _jitter;

    /// <param name="policy">The limits.</param>
    /// <param name="timeProvider">The clock the waits run on.</param>
    /// <param name="logger">Where waits are logged.</param>
    /// <param name="jitter">A factor in [0.75, 1] applied to computed delays; random when null (tests fix it).</param>
    public ThrottleBackoff(ThrottlePolicy policy, TimeProvider timeProvider, ILogger logger, Func<double>? jitter = null)
    {
        _policy = policy;
        _timeProvider = timeProvider;
        _logger = logger;
        _jitter = jitter ?? RandomJitter;
    }

    /// <summary>Runs <paramref name="attempt"/>, retrying it after throttles within the policy.</summary>
    public async Task<T> ExecuteAsync<T>(Func<CancellationToken, Task<T>> attempt, CancellationToken cancellationToken)
    {
        var waited = TimeSpan.Zero;
        for (var retry = 1; ; retry++)
        {
            TimeSpan delay;
            try
            {
                return await attempt(cancellationToken).ConfigureAwait(false);
            }
            catch (PlatformRateLimitedException ex) when (NextDelay(ex, retry, waited) is { } next)
            {
                delay = next;
                _logger.ThrottledRead(ex.Context.Api.ToString(), ex.Context.AccountId ?? "", ex.Context.ErrorCode ?? "", delay.TotalMilliseconds, retry);
            }

            await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
            waited += delay;
        }
    }

    /// <summary>How long to wait before retry number <paramref name="retry"/>, or null to give up.</summary>
    internal TimeSpan? NextDelay(PlatformRateLimitedException error, int retry, TimeSpan waited)
    {
        if (retry > _policy.MaxRetries || !IsPlatformThrottle(error))
        {
            return null;
        }

        var delay = error.RetryAfter is { } asked && asked > TimeSpan.Zero
            ? asked
            : TimeSpan.FromTicks((long)(Math.Min(
                _policy.BaseDelay.Ticks * Math.Pow(2, retry - 1),
                _policy.MaxTotalWait.Ticks) * Math.Clamp(_jitter(), 0.75, 1.0)));

        // A wait that would not fit in what is left gives up now: waiting part of it only delays the same failure.
        return waited + delay <= _policy.MaxTotalWait ? delay : null;
    }

    private static bool IsPlatformThrottle(PlatformRateLimitedException error) =>
        error.InnerException is not RateLimiterRejectedException
        && !string.Equals(error.Context.ErrorCode, "429", StringComparison.Ordinal);

    private static double RandomJitter() => 0.75 + (0.25 * RandomNumberGenerator.GetInt32(1_000_001) / 1_000_000.0);
}

using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Meta;

/// <summary>
/// Slows Meta calls down before Meta's rate limits are hit, from the usage headers of every response
/// (<c>X-App-Usage</c>, <c>X-Ad-Account-Usage</c>, <c>X-Business-Use-Case-Usage</c>). Shared by the Meta clients
/// (a singleton), so reads and writes of one account see the same usage.
/// </summary>
/// <remarks>
/// <para>Before each call, <see cref="WaitAsync"/> waits the longer of two delays. Pacing: once the highest usage
/// known for the account or the app passes <see cref="MetaOptions.PacingThresholdPercent"/>, the delay grows linearly
/// from 0 to <see cref="MetaOptions.MaxPacingDelay"/> at 95% and stays there above. Blocking: when Meta said
/// <c>estimated_time_to_regain_access</c> &gt; 0, calls to that account wait until then; a block longer than
/// <see cref="MetaOptions.MaxThrottleWait"/> fails the call at once with <see cref="PlatformRateLimitedException"/>
/// instead of sending a call Meta would refuse.</para>
/// <para>A response without the headers leaves the last known usage: Meta sends them only once enough calls were
/// made, and missing is not 0%.</para>
/// </remarks>
public sealed class MetaPacer
{
    /// <summary>The usage at which pacing reaches its longest delay.</summary>
    public const double FullPacingPercent = 95;

    private const string AppKey = "";

    private readonly Lock _gate = new();
    private readonly Dictionary<string, double> _usage = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _blockedUntil = new(StringComparer.Ordinal);
    private readonly TimeProvider _timeProvider;
    private readonly ILogger _logger;
    private readonly double _threshold;
    private readonly TimeSpan _maxPacingDelay;
    private readonly TimeSpan _maxBlockWait;

    /// <summary>Initializes a new instance of the <see cref="MetaPacer"/> class.</summary>
    /// <param name="options">Meta's options (the pacing threshold and delays are copied once).</param>
    /// <param name="timeProvider">The clock the waits run on.</param>
    /// <param name="logger">Where waits are logged; nothing when null.</param>
    public MetaPacer(IOptions<MetaOptions> options, TimeProvider timeProvider, ILogger<MetaPacer>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
        _logger = logger ?? (ILogger)NullLogger.Instance;
        _threshold = options.Value.PacingThresholdPercent;
        _maxPacingDelay = options.Value.MaxPacingDelay;
        _maxBlockWait = options.Value.MaxThrottleWait;
    }

    /// <summary>Records what one response's usage headers said about an account (and the app).</summary>
    /// <param name="accountId">The ad account the call was for (numeric, without <c>act_</c>).</param>
    /// <param name="usage">The response's usage headers.</param>
    public void Observe(string accountId, MetaUsageSnapshot usage)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        ArgumentNullException.ThrowIfNull(usage);
        var app = Max(usage.AppCallCount, usage.AppTotalCpuTime, usage.AppTotalTime);
        var account = usage.BusinessUseCases
            .SelectMany(b => new[] { b.CallCount, b.TotalCpuTime, b.TotalTime })
            .Append(usage.AdAccountUtilization)
            .Max();
        var regain = usage.BusinessUseCases.Select(b => b.EstimatedTimeToRegainAccess).DefaultIfEmpty().Max();
        var now = _timeProvider.GetUtcNow();
        lock (_gate)
        {
            if (app is { } a)
            {
                _usage[AppKey] = a;
            }

            if (account is { } b)
            {
                _usage[accountId] = b;
            }

            if (regain > TimeSpan.Zero)
            {
                var until = now + regain;
                _blockedUntil[accountId] = _blockedUntil.TryGetValue(accountId, out var known) && known > until ? known : until;
            }
        }
    }

    /// <summary>How long the next call to an account should wait, and whether Meta blocks the account beyond the bound.</summary>
    /// <param name="accountId">The ad account.</param>
    /// <returns>The delay, the usage it was computed from, and the remaining block (zero when none).</returns>
    internal (TimeSpan Delay, double UsagePercent, TimeSpan Blocked) DelayBefore(string accountId)
    {
        ArgumentNullException.ThrowIfNull(accountId);
        var now = _timeProvider.GetUtcNow();
        double usage;
        TimeSpan blocked;
        lock (_gate)
        {
            usage = Math.Max(_usage.GetValueOrDefault(AppKey), _usage.GetValueOrDefault(accountId));
            blocked = _blockedUntil.TryGetValue(accountId, out var until) && until > now ? until - now : TimeSpan.Zero;
        }

        var pacing = PacingDelay(usage, _threshold, _maxPacingDelay);
        return (blocked > pacing ? blocked : pacing, usage, blocked);
    }

    /// <summary>Waits before a call to an account as <see cref="DelayBefore"/> says.</summary>
    /// <param name="accountId">The ad account.</param>
    /// <param name="context">Names the account in the error.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the call may go.</returns>
    /// <exception cref="PlatformRateLimitedException">Meta blocks the account for longer than the bound.</exception>
    public async Task WaitAsync(string accountId, PlatformErrorContext context, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var (delay, usage, blocked) = DelayBefore(accountId);
        if (blocked > _maxBlockWait)
        {
            throw new PlatformRateLimitedException(
                context,
                $"Meta blocks calls for this account for another {blocked.TotalSeconds:0} s (estimated_time_to_regain_access); not calling",
                blocked);
        }

        if (delay <= TimeSpan.Zero)
        {
            return;
        }

        if (blocked > TimeSpan.Zero)
        {
            _logger.MetaRegainAccessWait(accountId, delay.TotalMilliseconds);
        }
        else
        {
            _logger.MetaPacing(accountId, usage, delay.TotalMilliseconds);
        }

        await Task.Delay(delay, _timeProvider, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>0 up to the threshold, then linear to <paramref name="maxDelay"/> at <see cref="FullPacingPercent"/>, and flat above.</summary>
    internal static TimeSpan PacingDelay(double usagePercent, double threshold, TimeSpan maxDelay)
    {
        if (!(usagePercent > threshold))
        {
            return TimeSpan.Zero;
        }

        var share = Math.Min(1.0, (usagePercent - threshold) / (FullPacingPercent - threshold));
        return TimeSpan.FromTicks((long)(maxDelay.Ticks * share));
    }

    private static double? Max(params double?[] values) => values.Max();
}

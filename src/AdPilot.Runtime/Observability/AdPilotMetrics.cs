using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using System.Runtime.CompilerServices;

namespace AdPilot.Runtime.Observability;

/// <summary>
/// AdPilot's instruments (meter <see cref="MeterName"/>), exported by <c>adpilot serve</c> at <c>/metrics</c> in
/// Prometheus format: cycle duration, API calls and errors by platform, rate-limit headroom, decisions by verdict,
/// reward, and the webhook queue's depth and lag. One instance per process (a singleton); recording is thread-safe and
/// costs nothing when no listener is attached.
/// </summary>
public sealed class AdPilotMetrics : IDisposable
{
    /// <summary>The meter's name, which an exporter subscribes to.</summary>
    public const string MeterName = "AdPilot";

    private readonly Meter _meter;
    private readonly Histogram<double> _cycleDuration;
    private readonly Counter<long> _apiCalls;
    private readonly Counter<long> _apiErrors;
    private readonly Counter<long> _decisions;
    private readonly Histogram<double> _reward;
    private readonly Counter<long> _webhooks;
    private readonly ConcurrentDictionary<string, double> _headroom = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, StrongBox<long>> _errorTotals = new(StringComparer.Ordinal);
    private long _queueDepth;
    private double _queueLagSeconds;
    private bool _queueReported;

    /// <summary>Initializes a new instance of the <see cref="AdPilotMetrics"/> class.</summary>
    /// <param name="meterFactory">Creates the meter; a plain <see cref="Meter"/> when null (tests, the CLI).</param>
    public AdPilotMetrics(IMeterFactory? meterFactory = null)
    {
        _meter = meterFactory?.Create(MeterName) ?? new Meter(MeterName);
        _cycleDuration = _meter.CreateHistogram<double>(
            "adpilot.cycle.duration", "s", "How long one ad account's hourly cycle took.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300] });
        _apiCalls = _meter.CreateCounter<long>("adpilot.api.calls", "{call}", "Calls to the ad platforms and Shopify, by platform and HTTP status class.");
        _apiErrors = _meter.CreateCounter<long>("adpilot.api.errors", "{error}", "Failed calls to the ad platforms and Shopify, by platform and kind.");
        _meter.CreateObservableGauge(
            "adpilot.ratelimit.headroom", ObserveHeadroom, "1", "The share of each platform's rate limit still free at its last answer (1 = all of it).");
        _decisions = _meter.CreateCounter<long>("adpilot.decisions", "{decision}", "Policy decisions by guardrail verdict and rollout stage.");
        _reward = _meter.CreateHistogram<double>(
            "adpilot.reward", "{currency}", "Each scored ad set-hour's reward: attributed revenue less cost of goods and spend.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [-100, -25, -5, -1, 0, 1, 5, 25, 100, 500] });
        _webhooks = _meter.CreateCounter<long>("adpilot.webhooks.received", "{webhook}", "Shopify webhooks received, by outcome.");
        _meter.CreateObservableGauge("adpilot.webhooks.queue.depth", () => Interlocked.Read(ref _queueDepth), "{webhook}", "Webhooks stored but not yet processed.");
        _meter.CreateObservableGauge("adpilot.webhooks.queue.lag", () => Volatile.Read(ref _queueLagSeconds), "s", "Age of the oldest webhook not yet processed.");
    }

    /// <summary>Records one account's cycle.</summary>
    /// <param name="seconds">How long it took.</param>
    /// <param name="platform">The account's platform (<c>instagram</c>, <c>tiktok</c>).</param>
    /// <param name="stage">The rollout stage.</param>
    /// <param name="succeeded">Whether it finished.</param>
    public void CycleFinished(double seconds, string platform, string stage, bool succeeded) =>
        _cycleDuration.Record(seconds, new("platform", platform), new("stage", stage), new("outcome", succeeded ? "succeeded" : "failed"));

    /// <summary>Records one API call's answer.</summary>
    /// <param name="platform">meta, tiktok or shopify.</param>
    /// <param name="statusClass">The HTTP status class (<c>2xx</c>, <c>4xx</c>, <c>5xx</c>) or <c>none</c> when no answer came.</param>
    public void ApiCall(string platform, string statusClass) => _apiCalls.Add(1, new("platform", platform), new("status", statusClass));

    /// <summary>Records one failed API call.</summary>
    /// <param name="platform">meta, tiktok or shopify.</param>
    /// <param name="kind">What went wrong: <c>throttled</c>, <c>server</c>, <c>timeout</c>, <c>auth</c>, <c>client</c>, <c>network</c>.</param>
    public void ApiError(string platform, string kind)
    {
        _apiErrors.Add(1, new("platform", platform), new("kind", kind));
        Interlocked.Increment(ref _errorTotals.GetOrAdd(platform, _ => new StrongBox<long>()).Value);
    }

    /// <summary>
    /// Gets how many failed calls to a platform this process has recorded so far, every kind together: a cycle reads it
    /// before and after to count the errors of its hour (those of other cycles running at the same time included).
    /// </summary>
    /// <param name="platform">meta, tiktok or shopify.</param>
    /// <returns>The count.</returns>
    public long ApiErrorTotal(string platform) =>
        _errorTotals.TryGetValue(platform, out var box) ? Interlocked.Read(ref box.Value) : 0;

    /// <summary>Sets a platform's rate-limit headroom as its last answer reported it.</summary>
    /// <param name="platform">meta, tiktok or shopify.</param>
    /// <param name="freeShare">The share still free, 0 to 1.</param>
    public void RateLimitHeadroom(string platform, double freeShare) => _headroom[platform] = Math.Clamp(freeShare, 0, 1);

    /// <summary>Gets the last headroom recorded for a platform, if any.</summary>
    /// <param name="platform">meta, tiktok or shopify.</param>
    /// <returns>The share still free, or null.</returns>
    public double? HeadroomOf(string platform) => _headroom.TryGetValue(platform, out var v) ? v : null;

    /// <summary>Records decisions with one verdict.</summary>
    /// <param name="verdict">The guardrail verdict (<c>allowed</c>, <c>clamped</c>, <c>blocked</c>, <c>pending_approval</c>).</param>
    /// <param name="stage">The rollout stage.</param>
    /// <param name="count">How many.</param>
    public void Decisions(string verdict, string stage, long count = 1)
    {
        if (count > 0)
        {
            _decisions.Add(count, new("verdict", verdict), new("stage", stage));
        }
    }

    /// <summary>Records one scored ad set-hour's reward in the store currency.</summary>
    /// <param name="reward">The reward.</param>
    /// <param name="platform">The ad set's platform.</param>
    public void Reward(double reward, string platform) => _reward.Record(reward, new KeyValuePair<string, object?>("platform", platform));

    /// <summary>Records one webhook's outcome.</summary>
    /// <param name="outcome">stored, duplicate, bad_signature, too_large, ignored_topic, bad_request.</param>
    public void WebhookReceived(string outcome) => _webhooks.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    /// <summary>Sets the webhook queue's depth and the age of its oldest entry.</summary>
    /// <param name="depth">Webhooks stored and not yet processed.</param>
    /// <param name="lagSeconds">The oldest one's age, 0 when the queue is empty.</param>
    public void WebhookQueue(long depth, double lagSeconds)
    {
        Interlocked.Exchange(ref _queueDepth, depth);
        Volatile.Write(ref _queueLagSeconds, lagSeconds);
        Volatile.Write(ref _queueReported, true);
    }

    /// <summary>
    /// Gets a value indicating whether this process has reported the webhook queue at all: a process that does not run the
    /// queue (a worker beside the web app) must not take its 0 for "caught up".
    /// </summary>
    public bool WebhookQueueReported => Volatile.Read(ref _queueReported);

    /// <summary>Gets the webhook queue's last reported lag in seconds.</summary>
    public double WebhookQueueLagSeconds => Volatile.Read(ref _queueLagSeconds);

    /// <summary>Gets the meter, so a test's listener can tell this instance's instruments from another's of the same name.</summary>
    internal Meter Meter => _meter;

    /// <inheritdoc />
    public void Dispose() => _meter.Dispose();

    private IEnumerable<Measurement<double>> ObserveHeadroom() =>
        _headroom.Select(p => new Measurement<double>(p.Value, new KeyValuePair<string, object?>("platform", p.Key)));
}

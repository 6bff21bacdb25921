using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Observability;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// The queue's depth and lag as the writers and the processor move it: a webhook counts from the commit that stores it
/// to the one that completes it. The lag is read live from the oldest waiting webhook's arrival, so a stalled queue shows
/// a growing lag even when nothing else happens.
/// </summary>
internal sealed class WebhookQueueState(TimeProvider time, AdPilotMetrics metrics) : IWebhookQueueStatus
{
    private long _depth;
    private Func<DateTimeOffset?> _oldest = () => null;

    /// <inheritdoc />
    public long Depth => Interlocked.Read(ref _depth);

    /// <inheritdoc />
    public TimeSpan Lag
    {
        get
        {
            if (Depth <= 0 || _oldest() is not { } oldest)
            {
                return TimeSpan.Zero;
            }

            var lag = time.GetUtcNow() - oldest;
            return lag > TimeSpan.Zero ? lag : TimeSpan.Zero;
        }
    }

    /// <summary>Names where the oldest waiting webhook's arrival is read (the processor).</summary>
    public void ReadOldestFrom(Func<DateTimeOffset?> oldest) => _oldest = oldest;

    public void Added(long count)
    {
        Interlocked.Add(ref _depth, count);
        Publish();
    }

    public void Removed(long count)
    {
        Interlocked.Add(ref _depth, -count);
        Publish();
    }

    public void Publish() => metrics.WebhookQueue(Depth, Lag.TotalSeconds);
}

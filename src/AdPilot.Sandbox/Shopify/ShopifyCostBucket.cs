namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// Shopify's GraphQL leaky bucket per (app, store) (api-reference §3.3): a query is refused when its requested cost
/// exceeds what is available; otherwise its actual cost is taken. It refills at <see cref="RestoreRate"/> points a second
/// of the server's own time (not the world's virtual clock, which only moves on request).
/// </summary>
internal sealed class ShopifyCostBucket(TimeProvider time, double maximumAvailable = 2000, double restoreRate = 100)
{
    private readonly Lock _gate = new();
    private double _available = maximumAvailable;
    private long _stamp = time.GetTimestamp();

    public double MaximumAvailable { get; } = maximumAvailable;

    public double RestoreRate { get; } = restoreRate;

    /// <summary>Takes <paramref name="actual"/> points if <paramref name="requested"/> fit; returns whether they did and what is left.</summary>
    public (bool Allowed, double Available) TryTake(int requested, Func<int> actual)
    {
        lock (_gate)
        {
            var now = time.GetTimestamp();
            _available = Math.Min(MaximumAvailable, _available + (time.GetElapsedTime(_stamp, now).TotalSeconds * RestoreRate));
            _stamp = now;
            if (requested > _available)
            {
                return (false, _available);
            }

            _available -= actual();
            return (true, _available);
        }
    }
}

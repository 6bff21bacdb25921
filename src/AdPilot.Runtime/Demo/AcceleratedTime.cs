namespace AdPilot.Runtime.Demo;

/// <summary>
/// A clock whose elapsed time runs <paramref name="speed"/> times faster than <paramref name="inner"/>'s: the sandbox's
/// own rate limits (Shopify's cost bucket refills per second) keep pace with a world whose hours pass in milliseconds.
/// </summary>
/// <param name="inner">The real clock.</param>
/// <param name="speed">How many times faster.</param>
internal sealed class AcceleratedTime(TimeProvider inner, long speed) : TimeProvider
{
    private readonly long _start = inner.GetTimestamp();

    /// <inheritdoc />
    public override long TimestampFrequency => inner.TimestampFrequency;

    /// <inheritdoc />
    public override long GetTimestamp() => _start + ((inner.GetTimestamp() - _start) * speed);
}

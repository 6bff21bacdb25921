namespace AdPilot.Runtime.Chaos;

/// <summary>
/// A clock for a soak whose hours pass in milliseconds: the wall time (<see cref="TimeProvider.GetUtcNow"/>) is
/// <paramref name="wall"/>'s (the world's virtual clock for the worker), while elapsed time, delays and timeouts run
/// <paramref name="speed"/> times faster than the real clock. A client's 2 s retry back-off and 10 s attempt timeout then
/// take 2 ms and 10 ms at a speed of 1000: the same policies, on a faster clock.
/// </summary>
/// <param name="wall">The source of the wall time.</param>
/// <param name="speed">How many times faster than real time delays and timers run; at least 1.</param>
internal sealed class ScaledTime(TimeProvider wall, long speed) : TimeProvider
{
    private readonly TimeProvider _real = System;
    private readonly long _start = System.GetTimestamp();

    /// <inheritdoc />
    public override TimeZoneInfo LocalTimeZone => TimeZoneInfo.Utc;

    /// <inheritdoc />
    public override long TimestampFrequency => _real.TimestampFrequency;

    /// <inheritdoc />
    public override DateTimeOffset GetUtcNow() => wall.GetUtcNow();

    /// <inheritdoc />
    public override long GetTimestamp() => _start + ((_real.GetTimestamp() - _start) * speed);

    /// <inheritdoc />
    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_real.CreateTimer(callback, state, Scale(dueTime), Scale(period)), speed);

    private static TimeSpan Scale(TimeSpan span, long speed) =>
        span == Timeout.InfiniteTimeSpan || span <= TimeSpan.Zero ? span : TimeSpan.FromTicks(Math.Max(1, span.Ticks / speed));

    private TimeSpan Scale(TimeSpan span) => Scale(span, speed);

    private sealed class ScaledTimer(ITimer inner, long speed) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(Scale(dueTime, speed), Scale(period, speed));

        public void Dispose() => inner.Dispose();

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}

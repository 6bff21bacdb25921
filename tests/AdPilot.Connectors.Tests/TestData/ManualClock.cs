using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Connectors.Tests.TestData;

/// <summary>
/// A <see cref="FakeTimeProvider"/> that records every wait the code under test starts, so a test can assert the exact
/// delays asked for and advance the clock by each of them while the call awaits: nothing waits in real time.
/// </summary>
public sealed class ManualClock : FakeTimeProvider
{
    private readonly ConcurrentQueue<TimeSpan> _pending = new();
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public ManualClock()
        : base(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Gets every finite wait started so far, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime != Timeout.InfiniteTimeSpan)
        {
            _waits.Enqueue(dueTime);
            _pending.Enqueue(dueTime);
        }

        return timer;
    }

    /// <summary>Starts <paramref name="call"/> and, each time it starts a wait, advances the clock by exactly that wait.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        var task = call();
        var idle = 0;
        while (!task.IsCompleted)
        {
            if (_pending.TryDequeue(out var due))
            {
                Advance(due);
                idle = 0;
                continue;
            }

            if (++idle > 1_000_000)
            {
                throw new InvalidOperationException("the call neither completed nor started a wait");
            }

            await Task.Yield();
        }

        return await task;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}})"/>
    public Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });
}

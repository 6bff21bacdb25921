using System.Collections.Concurrent;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// The connectors' clock in end-to-end fault tests: a <see cref="FakeTimeProvider"/> that, while <see cref="RunAsync{T}"/>
/// runs a call, advances by every wait the call starts up to <see cref="AutoAdvanceLimit"/> (throttle backoff, pacing,
/// the resilience pipeline's retry delays) and records it. Longer timers are left alone: the tests set the pipeline's
/// attempt and total timeouts far above the limit, so they guard against hangs without ever firing on their own.
/// </summary>
public sealed class FaultTestClock : FakeTimeProvider
{
    /// <summary>Waits up to this long are advanced at once; longer timers never fire unless a test advances the clock.</summary>
    public static readonly TimeSpan AutoAdvanceLimit = TimeSpan.FromMinutes(5);

    private static readonly TimeSpan HangGuard = TimeSpan.FromMinutes(2);

    private readonly ConcurrentQueue<TimeSpan> _pending = new();
    private readonly ConcurrentQueue<TimeSpan> _waits = new();

    public FaultTestClock()
        : base(new DateTimeOffset(2026, 1, 5, 12, 0, 0, TimeSpan.Zero))
    {
    }

    /// <summary>Gets every wait up to <see cref="AutoAdvanceLimit"/> started since the last <see cref="ClearWaits"/>, in order.</summary>
    public IReadOnlyList<TimeSpan> Waits => [.. _waits];

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = base.CreateTimer(callback, state, dueTime, period);
        if (dueTime > TimeSpan.Zero && dueTime <= AutoAdvanceLimit)
        {
            _waits.Enqueue(dueTime);
            _pending.Enqueue(dueTime);
        }

        return timer;
    }

    /// <summary>Forgets the waits recorded so far.</summary>
    public void ClearWaits() => _waits.Clear();

    /// <summary>Starts <paramref name="call"/> and advances the clock by each short wait it starts, until it completes.</summary>
    public async Task<T> RunAsync<T>(Func<Task<T>> call)
    {
        var task = call();
        using var stop = new CancellationTokenSource();
        var hang = Task.Delay(HangGuard, TimeProvider.System, stop.Token);
        while (!task.IsCompleted)
        {
            if (_pending.TryDequeue(out var due))
            {
                Advance(due);
                continue;
            }

            // HTTP runs in real time: poll for new waits briefly rather than spin.
            await Task.WhenAny(task, hang, Task.Delay(TimeSpan.FromMilliseconds(2), TimeProvider.System, CancellationToken.None));
            if (hang.IsCompleted && !task.IsCompleted)
            {
                throw new TimeoutException($"the call neither completed nor started a wait of at most {AutoAdvanceLimit} within {HangGuard}");
            }
        }

        await stop.CancelAsync();
        return await task;
    }

    /// <inheritdoc cref="RunAsync{T}(Func{Task{T}})"/>
    public Task RunAsync(Func<Task> call) => RunAsync(async () =>
    {
        await call();
        return true;
    });
}

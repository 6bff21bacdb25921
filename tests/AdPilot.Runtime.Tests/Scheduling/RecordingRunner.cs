using System.Collections.Concurrent;
using AdPilot.Runtime.Scheduling;

namespace AdPilot.Runtime.Tests.Scheduling;

/// <summary>
/// A cycle that records each account-hour it is asked to run; it can fail some accounts, block until cancelled, or wait for a
/// gate to open.
/// </summary>
internal sealed class RecordingRunner(Func<AccountHour, bool>? fails = null, bool blocks = false, Task? gate = null) : IAccountHourRunner
{
    private readonly TaskCompletionSource<AccountHour> _entered = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public ConcurrentQueue<AccountHour> Runs { get; } = new();

    /// <summary>Completes with the first account-hour the runner was asked to run.</summary>
    public Task<AccountHour> Entered => _entered.Task;

    public async Task<string?> RunAsync(AccountHour work, CancellationToken cancellationToken)
    {
        Runs.Enqueue(work);
        _entered.TrySetResult(work);
        if (blocks)
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken);
        }

        if (gate is not null)
        {
            // Deliberately deaf to cancellation: a cycle that finishes what it started.
            await gate;
        }

        return fails?.Invoke(work) == true
            ? throw new InvalidOperationException($"the platform refused {work.Account}")
            : $$"""{"account": "{{work.Account.AccountId}}", "decisions": 3}""";
    }
}

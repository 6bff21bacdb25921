using System.Collections.Concurrent;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Scheduling;

namespace AdPilot.Runtime.Loop;

/// <summary>
/// What the scheduler runs for each account-hour: the <see cref="HourlyCycle"/> at one rollout stage. The ledger keeps
/// each cycle's <see cref="CycleReport"/> as its summary; <see cref="Reports"/> keeps them for the caller too.
/// </summary>
/// <param name="cycle">The cycle.</param>
/// <param name="stage">The rollout stage every cycle runs at.</param>
public sealed class CycleRunner(HourlyCycle cycle, RolloutStage stage) : IAccountHourRunner
{
    private readonly ConcurrentQueue<CycleReport> _reports = new();

    /// <summary>Gets the rollout stage.</summary>
    public RolloutStage Stage => stage;

    /// <summary>Gets the reports of the cycles run so far, in the order they finished.</summary>
    public IReadOnlyList<CycleReport> Reports => [.. _reports];

    /// <inheritdoc />
    public async Task<string?> RunAsync(AccountHour work, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(work);
        var report = await cycle.RunAsync(work.StoreId, work.Account, work.HourUtc, stage, cancellationToken).ConfigureAwait(false);
        _reports.Enqueue(report);
        return HourlyCycle.ToJson(report);
    }
}

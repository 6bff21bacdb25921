using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Actuation;

namespace AdPilot.Runtime.Loop;

/// <summary>
/// The simulator's step interface over the real world (guide §9): one ad account of one store, through the feature
/// store, the guardrails and the actuator. <see cref="ResetAsync"/> runs the first half of a cycle for the current hour
/// and returns the states; <see cref="StepAsync"/> judges and applies (or, in shadow, logs) the actions, waits for the
/// next hour, runs the first half of its cycle and returns the next states with the rewards of the hour that passed —
/// which arrive, as in production, only once the hour is over and scored from Shopify.
/// </summary>
/// <remarks>
/// The ad sets are those the account managed at reset; one that disappears keeps its last state and earns nothing, one
/// that appears waits for the next reset. The scheduled loop (<see cref="HourlyCycle.RunAsync"/>) is the production path;
/// this is for running a policy the way training runs it, e.g. an evaluation episode in shadow against the live account.
/// </remarks>
public sealed class RealEnvironment : IAdEnvironment
{
    private readonly HourlyCycle _cycle;
    private readonly long _storeId;
    private readonly AdAccountRef _account;
    private readonly RolloutStage _stage;
    private readonly TimeProvider _time;
    private readonly Func<DateTimeOffset, CancellationToken, Task> _waitUntil;
    private readonly PolicyProvenance _provenance;
    private CycleHour? _hour;
    private StepResult _result = new(0);
    private AdSetDescriptor[] _adSets = [];

    /// <summary>Initializes a new instance of the <see cref="RealEnvironment"/> class.</summary>
    /// <param name="cycle">The loop's cycle, whose parts the environment uses.</param>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="stage">The rollout stage every step is applied in.</param>
    /// <param name="time">The clock.</param>
    /// <param name="provenance">The policy logged with every decision.</param>
    /// <param name="waitUntil">Waits until an instant; by default a delay on <paramref name="time"/>.</param>
    public RealEnvironment(
        HourlyCycle cycle,
        long storeId,
        AdAccountRef account,
        RolloutStage stage,
        TimeProvider time,
        PolicyProvenance provenance,
        Func<DateTimeOffset, CancellationToken, Task>? waitUntil = null)
    {
        ArgumentNullException.ThrowIfNull(cycle);
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(time);
        ArgumentNullException.ThrowIfNull(provenance);
        _cycle = cycle;
        _storeId = storeId;
        _account = account;
        _stage = stage;
        _time = time;
        _provenance = provenance;
        _waitUntil = waitUntil ?? ((until, ct) => Delay(time, until, ct));
    }

    /// <inheritdoc />
    public IReadOnlyList<AdSetDescriptor> AdSets => _adSets;

    /// <inheritdoc />
    public string Currency => _account.Currency;

    /// <summary>Gets the UTC hour the current states are for.</summary>
    public DateTimeOffset? HourUtc => _hour?.HourUtc;

    /// <inheritdoc />
    public async ValueTask<StepResult> ResetAsync(CancellationToken cancellationToken)
    {
        var hour = LocalHour.FloorToUtcHour(_time.GetUtcNow());
        _hour = await _cycle.PrepareAsync(_storeId, _account, hour, _stage, cancellationToken).ConfigureAwait(false);
        _adSets = _cycle.Descriptors(_hour);
        _result = new StepResult(_adSets.Length) { HourIndex = 0, HourStartUtc = hour };
        _hour.States.CopyTo(_result.StatesToWrite);
        return _result;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException"><see cref="ResetAsync"/> was not called.</exception>
    /// <exception cref="ArgumentException">The number of actions is not the number of ad sets.</exception>
    public async ValueTask<StepResult> StepAsync(ReadOnlyMemory<AdAction> actions, CancellationToken cancellationToken)
    {
        var hour = _hour ?? throw new InvalidOperationException("ResetAsync must be called before StepAsync");
        if (actions.Length != _adSets.Length)
        {
            throw new ArgumentException($"expected one action per ad set ({_adSets.Length}), got {actions.Length}", nameof(actions));
        }

        // The hour's managed ad sets may differ from the episode's: act on those still there, keep the rest.
        var index = hour.Order.Select((adSet, i) => (adSet, i)).ToDictionary(p => p.adSet, p => p.i);
        var hourActions = hour.States.Select(s => AdAction.Keep(s)).ToArray();
        var propensities = new double[hourActions.Length];
        propensities.AsSpan().Fill(1);
        for (var i = 0; i < _adSets.Length; i++)
        {
            if (index.TryGetValue(_adSets[i].Ref, out var at))
            {
                hourActions[at] = actions.Span[i];
            }
        }

        await _cycle.ApplyAsync(hour, hourActions, propensities, _provenance, cancellationToken).ConfigureAwait(false);

        var next = hour.HourUtc.AddHours(1);
        await _waitUntil(next, cancellationToken).ConfigureAwait(false);
        var nextHour = await _cycle.PrepareAsync(_storeId, _account, next, _stage, cancellationToken).ConfigureAwait(false);
        var order = _adSets.Select(a => a.Ref).ToArray();
        var before = _result.States.ToArray();
        var (metrics, info) = await _cycle.OutcomesAsync(_storeId, order, before, hour.HourUtc, nextHour.Rewards, cancellationToken).ConfigureAwait(false);

        var nextIndex = nextHour.Order.Select((adSet, i) => (adSet, i)).ToDictionary(p => p.adSet, p => p.i);
        _result.HourIndex++;
        _result.HourStartUtc = next;
        for (var i = 0; i < order.Length; i++)
        {
            _result.StatesToWrite[i] = nextIndex.TryGetValue(order[i], out var at) ? nextHour.States[at] : before[i];
            _result.RewardsToWrite[i] = metrics[i];
            _result.InfoToWrite[i] = info[i];
        }

        _hour = nextHour;
        return _result;
    }

    private static async Task Delay(TimeProvider time, DateTimeOffset until, CancellationToken cancellationToken)
    {
        var wait = until - time.GetUtcNow();
        if (wait > TimeSpan.Zero)
        {
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
        }
    }
}

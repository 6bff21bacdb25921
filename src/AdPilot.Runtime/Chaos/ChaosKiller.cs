using AdPilot.Runtime.Loop;

namespace AdPilot.Runtime.Chaos;

/// <summary>
/// The soak's <see cref="IFaultPoints"/>: armed with one <see cref="FaultPoint"/> for a worker, it kills that worker
/// the first time the point is reached, the way a crash would. It cancels the worker's token (every cycle of the worker
/// stops at its next await, writing nothing more) and never lets the caller go on: the call ends only in the caller's
/// cancellation (at once for a cycle, whose token is the worker's; when the host stops for the webhook processor). The
/// soak then throws the worker away with all it held in memory and starts a fresh one on the same database.
/// </summary>
internal sealed class ChaosKiller : IFaultPoints
{
    private readonly Lock _gate = new();
    private readonly List<FaultPoint> _kills = [];
    private FaultPoint? _armed;
    private CancellationTokenSource? _worker;
    private bool _fired;

    /// <summary>Gets every kill so far, by point, in order.</summary>
    public IReadOnlyList<FaultPoint> Kills
    {
        get
        {
            lock (_gate)
            {
                return [.. _kills];
            }
        }
    }

    /// <summary>Gets whether the current worker was killed.</summary>
    public bool Fired
    {
        get
        {
            lock (_gate)
            {
                return _fired;
            }
        }
    }

    /// <summary>Gets the point the killer waits at, or null when it is not armed.</summary>
    public FaultPoint? Armed
    {
        get
        {
            lock (_gate)
            {
                return _armed;
            }
        }
    }

    /// <summary>Arms the killer for a worker: it dies at <paramref name="point"/> (none when null).</summary>
    /// <param name="worker">The worker's token source, cancelled at the kill.</param>
    /// <param name="point">Where it dies.</param>
    public void Arm(CancellationTokenSource worker, FaultPoint? point)
    {
        lock (_gate)
        {
            _worker = worker;
            _armed = point;
            _fired = false;
        }
    }

    /// <summary>Moves an armed killer to the next worker, still waiting at the same point (an hour that never reached it).</summary>
    /// <param name="worker">The worker's token source.</param>
    public void Follow(CancellationTokenSource worker)
    {
        lock (_gate)
        {
            _worker = worker;
            _fired = false;
        }
    }

    /// <summary>Disarms: no point kills until armed again.</summary>
    public void Disarm()
    {
        lock (_gate)
        {
            _armed = null;
        }
    }

    /// <inheritdoc />
    public async ValueTask ReachedAsync(FaultPoint point, CancellationToken cancellationToken)
    {
        CancellationTokenSource? worker;
        lock (_gate)
        {
            if (_fired || _armed != point || _worker is null)
            {
                return;
            }

            _fired = true;
            _armed = null;
            _kills.Add(point);
            worker = _worker;
        }

        await worker.CancelAsync().ConfigureAwait(false);

        // Dead: this worker does nothing more. The caller's token ends the wait (a cycle's at once).
        await Task.Delay(Timeout.InfiniteTimeSpan, TimeProvider.System, cancellationToken).ConfigureAwait(false);
    }
}

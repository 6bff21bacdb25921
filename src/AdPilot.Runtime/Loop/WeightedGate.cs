namespace AdPilot.Runtime.Loop;

/// <summary>
/// Lets work in while the weights of what is inside add up to at most a capacity, first come first served: the hourly
/// loop weighs each account's cycle and each store's rescoring by the ad sets it holds in memory, so that many small
/// accounts run side by side while a large store's work runs one piece at a time. Work heavier than the capacity is
/// let in alone. A waiter that is cancelled leaves the queue, and those behind it move up.
/// </summary>
internal sealed class WeightedGate
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _queue = new();
    private long _inside;

    /// <summary>Initializes a new instance of the <see cref="WeightedGate"/> class.</summary>
    /// <param name="capacity">The most weight inside at once, at least 1.</param>
    public WeightedGate(long capacity)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        Capacity = capacity;
    }

    /// <summary>Gets the most weight inside at once.</summary>
    public long Capacity { get; }

    /// <summary>Gets the weight inside now.</summary>
    public long Inside
    {
        get
        {
            lock (_lock)
            {
                return _inside;
            }
        }
    }

    /// <summary>Waits for room for <paramref name="weight"/> (the capacity at most) behind those already waiting, and takes it.</summary>
    /// <param name="weight">The weight; below 1 counts as 1, above the capacity as the capacity.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <returns>The lease; disposing it gives the room back.</returns>
    public async Task<Lease> EnterAsync(long weight, CancellationToken cancellationToken)
    {
        weight = Math.Clamp(weight, 1, Capacity);
        Waiter waiter;
        LinkedListNode<Waiter> node;
        lock (_lock)
        {
            if (_queue.Count == 0 && _inside + weight <= Capacity)
            {
                _inside += weight;
                return new Lease(this, weight);
            }

            cancellationToken.ThrowIfCancellationRequested();
            waiter = new Waiter(weight);
            node = _queue.AddLast(waiter);
        }

        await using (cancellationToken.Register(() => Abandon(node, cancellationToken)).ConfigureAwait(false))
        {
            await waiter.Entered.Task.ConfigureAwait(false);
        }

        return new Lease(this, weight);
    }

    private void Abandon(LinkedListNode<Waiter> node, CancellationToken cancellationToken)
    {
        lock (_lock)
        {
            if (node.List is null)
            {
                return; // already let in: the lease is the caller's
            }

            _queue.Remove(node);
            node.Value.Entered.TrySetCanceled(cancellationToken);
            LetInLocked();
        }
    }

    private void Release(long weight)
    {
        lock (_lock)
        {
            _inside -= weight;
            LetInLocked();
        }
    }

    private void LetInLocked()
    {
        while (_queue.First is { } first && _inside + first.Value.Weight <= Capacity)
        {
            _queue.RemoveFirst();
            _inside += first.Value.Weight;
            first.Value.Entered.TrySetResult();
        }
    }

    /// <summary>Room taken in the gate; disposing it gives the room back (once).</summary>
    internal sealed class Lease : IDisposable
    {
        private WeightedGate? _gate;

        internal Lease(WeightedGate gate, long weight)
        {
            _gate = gate;
            Weight = weight;
        }

        /// <summary>Gets the weight taken.</summary>
        public long Weight { get; }

        /// <inheritdoc />
        public void Dispose() => Interlocked.Exchange(ref _gate, null)?.Release(Weight);
    }

    private sealed class Waiter(long weight)
    {
        public long Weight { get; } = weight;

        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
    }
}

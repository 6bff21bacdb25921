using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// Experience replay: a fixed-capacity ring of transitions (s, a, r, s', done). Once full, each new transition
/// overwrites the oldest. Batches are drawn uniformly, with replacement, from the filled slots only, with the
/// caller's seeded <see cref="Rng"/>, so the same seed and the same transitions give the same batches.
/// </summary>
public sealed class ReplayBuffer
{
    private readonly float[] _states;
    private readonly float[] _nextStates;
    private readonly int[] _actions;
    private readonly float[] _rewards;
    private readonly bool[] _dones;

    /// <summary>Initializes a new instance of the <see cref="ReplayBuffer"/> class.</summary>
    /// <param name="capacity">The most transitions kept.</param>
    /// <param name="stateSize">The number of features per state.</param>
    public ReplayBuffer(int capacity, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateSize, 1);
        Capacity = capacity;
        StateSize = stateSize;
        _states = new float[checked(capacity * stateSize)];
        _nextStates = new float[capacity * stateSize];
        _actions = new int[capacity];
        _rewards = new float[capacity];
        _dones = new bool[capacity];
    }

    /// <summary>Gets the most transitions kept.</summary>
    public int Capacity { get; }

    /// <summary>Gets the number of features per state.</summary>
    public int StateSize { get; }

    /// <summary>Gets the number of filled slots.</summary>
    public int Count { get; private set; }

    /// <summary>Gets the slot the next transition is written to.</summary>
    public int NextSlot { get; private set; }

    /// <summary>Stores one transition, overwriting the oldest once the buffer is full.</summary>
    /// <param name="state">The state s.</param>
    /// <param name="action">The index of the action taken.</param>
    /// <param name="reward">The reward r.</param>
    /// <param name="nextState">The state s' that followed.</param>
    /// <param name="done">Whether the episode ended with this transition (no bootstrapping from s').</param>
    public void Add(ReadOnlySpan<float> state, int action, float reward, ReadOnlySpan<float> nextState, bool done)
    {
        if (state.Length != StateSize || nextState.Length != StateSize)
        {
            throw new ArgumentException("A state has the wrong number of features.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(action);
        var slot = NextSlot;
        state.CopyTo(_states.AsSpan(slot * StateSize, StateSize));
        nextState.CopyTo(_nextStates.AsSpan(slot * StateSize, StateSize));
        _actions[slot] = action;
        _rewards[slot] = reward;
        _dones[slot] = done;
        NextSlot = slot + 1 == Capacity ? 0 : slot + 1;
        Count = Math.Min(Count + 1, Capacity);
    }

    /// <summary>The state stored in a slot.</summary>
    /// <param name="slot">The slot, below <see cref="Count"/>.</param>
    /// <returns>The state.</returns>
    public ReadOnlySpan<float> State(int slot) => _states.AsSpan(CheckSlot(slot) * StateSize, StateSize);

    /// <summary>The next state stored in a slot.</summary>
    /// <param name="slot">The slot, below <see cref="Count"/>.</param>
    /// <returns>The next state.</returns>
    public ReadOnlySpan<float> NextState(int slot) => _nextStates.AsSpan(CheckSlot(slot) * StateSize, StateSize);

    /// <summary>The action stored in a slot.</summary>
    /// <param name="slot">The slot, below <see cref="Count"/>.</param>
    /// <returns>The action index.</returns>
    public int Action(int slot) => _actions[CheckSlot(slot)];

    /// <summary>The reward stored in a slot.</summary>
    /// <param name="slot">The slot, below <see cref="Count"/>.</param>
    /// <returns>The reward.</returns>
    public float Reward(int slot) => _rewards[CheckSlot(slot)];

    /// <summary>Whether the transition in a slot ended its episode.</summary>
    /// <param name="slot">The slot, below <see cref="Count"/>.</param>
    /// <returns>The done flag.</returns>
    public bool Done(int slot) => _dones[CheckSlot(slot)];

    /// <summary>Fills a batch with transitions drawn uniformly, with replacement, from the filled slots.</summary>
    /// <param name="rng">The seeded generator; advanced by one draw per transition.</param>
    /// <param name="batch">The batch to fill; its state size must match.</param>
    public void Sample(ref Rng rng, ReplayBatch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.StateSize != StateSize)
        {
            throw new ArgumentException("The batch has the wrong state size.", nameof(batch));
        }

        if (Count == 0)
        {
            throw new InvalidOperationException("The replay buffer is empty.");
        }

        for (var i = 0; i < batch.Size; i++)
        {
            var slot = rng.NextInt(Count);
            batch.Indices[i] = slot;
            _states.AsSpan(slot * StateSize, StateSize).CopyTo(batch.States.AsSpan(i * StateSize, StateSize));
            _nextStates.AsSpan(slot * StateSize, StateSize).CopyTo(batch.NextStates.AsSpan(i * StateSize, StateSize));
            batch.Actions[i] = _actions[slot];
            batch.Rewards[i] = _rewards[slot];
            batch.Dones[i] = _dones[slot] ? 1f : 0f;
        }
    }

    /// <summary>Empties the buffer.</summary>
    public void Clear()
    {
        Count = 0;
        NextSlot = 0;
    }

    private int CheckSlot(int slot)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(slot);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(slot, Count);
        return slot;
    }
}

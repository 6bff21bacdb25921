namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// A preallocated batch of transitions that <see cref="ReplayBuffer.Sample"/> fills, so sampling allocates nothing.
/// States are row-major: one row of <see cref="StateSize"/> per transition.
/// </summary>
public sealed class ReplayBatch
{
    /// <summary>Initializes a new instance of the <see cref="ReplayBatch"/> class.</summary>
    /// <param name="size">The number of transitions.</param>
    /// <param name="stateSize">The number of features per state.</param>
    public ReplayBatch(int size, int stateSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(size, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(stateSize, 1);
        Size = size;
        StateSize = stateSize;
        States = new float[size * stateSize];
        NextStates = new float[size * stateSize];
        Actions = new int[size];
        Rewards = new float[size];
        Dones = new float[size];
        Indices = new int[size];
    }

    /// <summary>Gets the number of transitions.</summary>
    public int Size { get; }

    /// <summary>Gets the number of features per state.</summary>
    public int StateSize { get; }

    /// <summary>Gets the states s, row-major.</summary>
    public float[] States { get; }

    /// <summary>Gets the action index a taken in each state.</summary>
    public int[] Actions { get; }

    /// <summary>Gets the reward r of each transition.</summary>
    public float[] Rewards { get; }

    /// <summary>Gets the next states s', row-major.</summary>
    public float[] NextStates { get; }

    /// <summary>Gets 1 where the transition ended the episode and 0 elsewhere, as a float so a target can multiply by 1 − done.</summary>
    public float[] Dones { get; }

    /// <summary>Gets the buffer slot each transition was drawn from.</summary>
    public int[] Indices { get; }
}

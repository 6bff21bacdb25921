namespace AdPilot.Core.Agents.QLearning;

/// <summary>
/// A table of action values Q(s, a) with a visit count per entry, and the one-step Q-learning update on it. Both arrays
/// are flat and row-major (one row of actions per state), so a checkpoint saves each as one tensor and an update touches
/// one cache line or two and allocates nothing.
/// </summary>
public sealed class QTable
{
    private readonly double[] _values;
    private readonly long[] _visits;

    /// <summary>Initializes a new instance of the <see cref="QTable"/> class with every value 0 and nothing visited.</summary>
    /// <param name="stateCount">The number of states (rows).</param>
    /// <param name="actionCount">The number of actions (columns).</param>
    public QTable(int stateCount, int actionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(stateCount, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        StateCount = stateCount;
        ActionCount = actionCount;
        _values = new double[checked(stateCount * actionCount)];
        _visits = new long[_values.Length];
    }

    /// <summary>Gets the number of states.</summary>
    public int StateCount { get; }

    /// <summary>Gets the number of actions.</summary>
    public int ActionCount { get; }

    /// <summary>Gets the number of (state, action) entries updated at least once.</summary>
    public long VisitedEntries { get; private set; }

    /// <summary>Gets every value, row-major: the span a checkpoint saves.</summary>
    public ReadOnlySpan<double> Values => _values;

    /// <summary>Gets every entry's update count, laid out like <see cref="Values"/>.</summary>
    public ReadOnlySpan<long> Visits => _visits;

    /// <summary>The values of one state's actions.</summary>
    /// <param name="state">The state.</param>
    /// <returns>One value per action.</returns>
    public ReadOnlySpan<double> Row(int state) => _values.AsSpan(state * ActionCount, ActionCount);

    /// <summary>The largest value in a state's row: the greedy bootstrap max_a Q(s, a).</summary>
    /// <param name="state">The state.</param>
    /// <returns>The value.</returns>
    public double MaxValue(int state) => MaxValue(state, ActionCount);

    /// <summary>The largest value among a state's first <paramref name="actionCount"/> actions: the bootstrap when only those are available.</summary>
    /// <param name="state">The state.</param>
    /// <param name="actionCount">The number of leading actions available, from 1 to <see cref="ActionCount"/>.</param>
    /// <returns>The value.</returns>
    public double MaxValue(int state, int actionCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(actionCount, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(actionCount, ActionCount);
        var row = Row(state)[..actionCount];
        var max = row[0];
        for (var a = 1; a < row.Length; a++)
        {
            max = Math.Max(max, row[a]);
        }

        return max;
    }

    /// <summary>
    /// One Q-learning update: Q(s, a) ← Q(s, a) + α (r + γ max_a' Q(s', a') − Q(s, a)), with α the larger of the scheduled
    /// rate and 1 / (visits of the entry), so an entry's first updates average its targets instead of creeping from 0.
    /// </summary>
    /// <param name="state">The state s.</param>
    /// <param name="action">The action a.</param>
    /// <param name="reward">The reward r.</param>
    /// <param name="nextState">The state s' that followed, or −1 when there is none to bootstrap from.</param>
    /// <param name="gamma">The discount γ.</param>
    /// <param name="learningRate">The scheduled learning rate.</param>
    /// <returns>The TD error before the update.</returns>
    public double Update(int state, int action, double reward, int nextState, double gamma, double learningRate) =>
        Update(state, action, reward, nextState, gamma, learningRate, ActionCount);

    /// <summary>
    /// One Q-learning update as <see cref="Update(int, int, double, int, double, double)"/>, bootstrapping only from the
    /// next state's first <paramref name="nextActionCount"/> actions, the ones available there.
    /// </summary>
    /// <param name="state">The state s.</param>
    /// <param name="action">The action a.</param>
    /// <param name="reward">The reward r.</param>
    /// <param name="nextState">The state s' that followed, or −1 when there is none to bootstrap from.</param>
    /// <param name="gamma">The discount γ.</param>
    /// <param name="learningRate">The scheduled learning rate.</param>
    /// <param name="nextActionCount">The number of leading actions available in s', from 1 to <see cref="ActionCount"/>.</param>
    /// <returns>The TD error before the update.</returns>
    public double Update(int state, int action, double reward, int nextState, double gamma, double learningRate, int nextActionCount)
    {
        var index = (state * ActionCount) + action;
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual((uint)index, (uint)_values.Length, nameof(action));
        var target = nextState >= 0 ? reward + (gamma * MaxValue(nextState, nextActionCount)) : reward;
        var visits = ++_visits[index];
        if (visits == 1)
        {
            VisitedEntries++;
        }

        var error = target - _values[index];
        _values[index] += Math.Max(learningRate, 1.0 / visits) * error;
        return error;
    }

    /// <summary>Replaces the contents, e.g. from a checkpoint.</summary>
    /// <param name="values">The values, laid out like <see cref="Values"/>.</param>
    /// <param name="visits">The visit counts, laid out like <see cref="Visits"/>; none negative.</param>
    public void Restore(ReadOnlySpan<double> values, ReadOnlySpan<long> visits)
    {
        if (values.Length != _values.Length || visits.Length != _visits.Length)
        {
            throw new ArgumentException($"expected {_values.Length} values and visit counts, got {values.Length} and {visits.Length}");
        }

        values.CopyTo(_values);
        visits.CopyTo(_visits);
        VisitedEntries = 0;
        foreach (var count in _visits)
        {
            ArgumentOutOfRangeException.ThrowIfNegative(count, nameof(visits));
            VisitedEntries += count > 0 ? 1 : 0;
        }
    }
}

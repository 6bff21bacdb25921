namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// The Huber loss of a TD error e: ½e² while |e| ≤ δ, δ(|e| − ½δ) beyond. Quadratic near zero and linear in the
/// tails, so one large, surprising reward moves the network by at most δ per sample instead of by the full error.
/// </summary>
public static class HuberLoss
{
    /// <summary>The δ DQN uses (Mnih et al., 2015, clip the error term to [−1, 1]); the loss turns linear at |e| = 1.</summary>
    public const float DefaultDelta = 1f;

    /// <summary>The loss of one error.</summary>
    /// <param name="error">The error e = prediction − target.</param>
    /// <param name="delta">The threshold δ &gt; 0 between the quadratic and linear parts.</param>
    /// <returns>The loss.</returns>
    public static float Value(float error, float delta = DefaultDelta)
    {
        var magnitude = Math.Abs(error);
        return magnitude <= delta ? 0.5f * error * error : delta * (magnitude - (0.5f * delta));
    }

    /// <summary>The derivative of the loss with respect to the error: e clamped to [−δ, δ].</summary>
    /// <param name="error">The error e = prediction − target.</param>
    /// <param name="delta">The threshold δ &gt; 0.</param>
    /// <returns>The derivative.</returns>
    public static float Derivative(float error, float delta = DefaultDelta) => Math.Clamp(error, -delta, delta);

    /// <summary>
    /// The mean Huber loss over a batch of the TD errors of the chosen actions only, and its gradient with respect to
    /// every Q-value (zero for the actions not taken).
    /// </summary>
    /// <param name="qValues">Predicted Q-values, row-major: one row of <paramref name="actionCount"/> per sample.</param>
    /// <param name="actionCount">The number of actions (columns).</param>
    /// <param name="actions">The chosen action of each sample.</param>
    /// <param name="targets">The TD target of each sample.</param>
    /// <param name="delta">The threshold δ &gt; 0.</param>
    /// <param name="gradient">Receives d(mean loss)/dQ, shaped like <paramref name="qValues"/>.</param>
    /// <returns>The mean loss over the batch.</returns>
    public static float ChosenActionLoss(
        ReadOnlySpan<float> qValues,
        int actionCount,
        ReadOnlySpan<int> actions,
        ReadOnlySpan<float> targets,
        float delta,
        Span<float> gradient)
    {
        var batchSize = actions.Length;
        if (targets.Length != batchSize || qValues.Length < batchSize * actionCount || gradient.Length < batchSize * actionCount)
        {
            throw new ArgumentException("The batch spans do not agree in length.");
        }

        gradient[..(batchSize * actionCount)].Clear();
        var scale = 1f / batchSize;
        var total = 0.0;
        for (var b = 0; b < batchSize; b++)
        {
            var index = (b * actionCount) + actions[b];
            var error = qValues[index] - targets[b];
            total += Value(error, delta);
            gradient[index] = Derivative(error, delta) * scale;
        }

        return (float)(total / batchSize);
    }
}

using System.Numerics.Tensors;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// Double-DQN targets (van Hasselt, Guez and Silver, 2016): y = r + γ·(1 − done)·Q_target(s', argmaxₐ Q_online(s', a)).
/// The online network chooses the next action and the target network values it, which removes most of the
/// overestimation that taking the max of one noisy estimate causes.
/// </summary>
public static class DoubleDqnTarget
{
    /// <summary>Computes the target of each transition in a batch.</summary>
    /// <param name="rewards">The reward of each transition.</param>
    /// <param name="dones">1 where the transition ended its episode, 0 elsewhere.</param>
    /// <param name="onlineNextQ">Q_online(s', ·), row-major: one row of <paramref name="actionCount"/> per transition.</param>
    /// <param name="targetNextQ">Q_target(s', ·), laid out like <paramref name="onlineNextQ"/>.</param>
    /// <param name="actionCount">The number of actions.</param>
    /// <param name="gamma">The discount factor γ.</param>
    /// <param name="targets">Receives y, one per transition.</param>
    public static void Compute(
        ReadOnlySpan<float> rewards,
        ReadOnlySpan<float> dones,
        ReadOnlySpan<float> onlineNextQ,
        ReadOnlySpan<float> targetNextQ,
        int actionCount,
        float gamma,
        Span<float> targets)
    {
        var batchSize = rewards.Length;
        if (dones.Length != batchSize || targets.Length < batchSize
            || onlineNextQ.Length < batchSize * actionCount || targetNextQ.Length < batchSize * actionCount)
        {
            throw new ArgumentException("The batch spans do not agree in length.");
        }

        for (var b = 0; b < batchSize; b++)
        {
            // Ties go to the lowest action index, so the choice does not depend on anything but the values.
            var best = TensorPrimitives.IndexOfMax(onlineNextQ.Slice(b * actionCount, actionCount));
            var bootstrap = targetNextQ[(b * actionCount) + best];
            targets[b] = rewards[b] + (gamma * (1 - dones[b]) * bootstrap);
        }
    }
}

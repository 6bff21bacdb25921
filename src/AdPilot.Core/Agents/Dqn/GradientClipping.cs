using System.Numerics.Tensors;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>Gradient clipping by global L2 norm: the whole gradient vector is scaled as one, so its direction is kept.</summary>
public static class GradientClipping
{
    /// <summary>Scales the gradients down so their L2 norm is at most <paramref name="maxNorm"/>; smaller gradients are left alone.</summary>
    /// <param name="gradients">All gradients, modified in place.</param>
    /// <param name="maxNorm">The largest norm allowed, positive.</param>
    /// <returns>The norm before clipping (a training diagnostic).</returns>
    public static float ClipByGlobalNorm(Span<float> gradients, float maxNorm)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxNorm);
        var norm = TensorPrimitives.Norm(gradients);
        if (norm > maxNorm)
        {
            TensorPrimitives.Multiply(gradients, maxNorm / norm, gradients);
        }

        return norm;
    }
}

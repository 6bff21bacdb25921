using System.Numerics.Tensors;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// The Adam optimiser with bias correction: m ← β1·m + (1 − β1)·g, v ← β2·v + (1 − β2)·g²,
/// θ ← θ − α·(m / (1 − β1ᵗ)) / (√(v / (1 − β2ᵗ)) + ε). The moments are exposed so a checkpoint can save them.
/// </summary>
public sealed class Adam
{
    private readonly float[] _firstMoment;
    private readonly float[] _secondMoment;
    private readonly float[] _scratch;

    /// <summary>Initializes a new instance of the <see cref="Adam"/> class with zero moments.</summary>
    /// <param name="parameterCount">The number of parameters it updates.</param>
    /// <param name="options">The hyperparameters.</param>
    public Adam(int parameterCount, AdamOptions options)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(parameterCount, 1);
        ArgumentNullException.ThrowIfNull(options);
        _firstMoment = new float[parameterCount];
        _secondMoment = new float[parameterCount];
        _scratch = new float[parameterCount];
        LearningRate = options.LearningRate;
        Beta1 = options.Beta1;
        Beta2 = options.Beta2;
        Epsilon = options.Epsilon;
    }

    /// <summary>Gets the step size α.</summary>
    public float LearningRate { get; }

    /// <summary>Gets β1.</summary>
    public float Beta1 { get; }

    /// <summary>Gets β2.</summary>
    public float Beta2 { get; }

    /// <summary>Gets ε.</summary>
    public float Epsilon { get; }

    /// <summary>Gets or sets the number of updates taken, t; set it only when restoring a checkpoint.</summary>
    public long StepCount { get; set; }

    /// <summary>Gets the first-moment estimates m, one per parameter.</summary>
    public Span<float> FirstMoment => _firstMoment;

    /// <summary>Gets the second-moment estimates v, one per parameter.</summary>
    public Span<float> SecondMoment => _secondMoment;

    /// <summary>Takes one Adam step.</summary>
    /// <param name="parameters">The parameters θ, updated in place.</param>
    /// <param name="gradients">The gradients g of the loss with respect to θ.</param>
    public void Update(Span<float> parameters, ReadOnlySpan<float> gradients)
    {
        if (parameters.Length != _firstMoment.Length || gradients.Length != _firstMoment.Length)
        {
            throw new ArgumentException("The spans do not match the optimiser's parameter count.");
        }

        StepCount++;
        var correction1 = 1 - Math.Pow(Beta1, StepCount);
        var correction2 = 1 - Math.Pow(Beta2, StepCount);
        var scratch = _scratch.AsSpan();

        TensorPrimitives.Multiply(_firstMoment, Beta1, _firstMoment);
        TensorPrimitives.MultiplyAdd(gradients, 1 - Beta1, _firstMoment, _firstMoment);

        TensorPrimitives.Multiply(gradients, gradients, scratch);
        TensorPrimitives.Multiply(_secondMoment, Beta2, _secondMoment);
        TensorPrimitives.MultiplyAdd(scratch, 1 - Beta2, _secondMoment, _secondMoment);

        // √(v̂) = √v / √(1 − β2ᵗ); folding the corrections into two scalars saves two passes over the parameters.
        TensorPrimitives.Sqrt(_secondMoment, scratch);
        TensorPrimitives.Multiply(scratch, (float)(1 / Math.Sqrt(correction2)), scratch);
        TensorPrimitives.Add(scratch, Epsilon, scratch);
        TensorPrimitives.Divide(_firstMoment, scratch, scratch);
        TensorPrimitives.MultiplyAdd(scratch, (float)(-LearningRate / correction1), parameters, parameters);
    }

    /// <summary>Forgets the moments and the step count.</summary>
    public void Reset()
    {
        Array.Clear(_firstMoment);
        Array.Clear(_secondMoment);
        StepCount = 0;
    }
}

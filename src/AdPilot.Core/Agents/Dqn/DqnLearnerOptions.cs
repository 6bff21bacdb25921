using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>The hyperparameters of a <see cref="DqnLearner"/>; every source of randomness flows from <see cref="Seed"/>.</summary>
public sealed record DqnLearnerOptions
{
    /// <summary>Gets the width of each hidden layer, input side first.</summary>
    /// <value>The default value is two layers of 64.</value>
    public IReadOnlyList<int> HiddenSizes { get; init; } = [64, 64];

    /// <summary>Gets the number of transitions per gradient step.</summary>
    /// <value>The default value is 64.</value>
    [Range(1, 4096)]
    public int BatchSize { get; init; } = 64;

    /// <summary>Gets the most transitions the replay buffer keeps.</summary>
    /// <value>The default value is 100 000.</value>
    [Range(1, 100_000_000)]
    public int ReplayCapacity { get; init; } = 100_000;

    /// <summary>Gets the discount factor γ.</summary>
    /// <value>The default value is 0.99.</value>
    [Range(0.0, 1.0)]
    public float Gamma { get; init; } = 0.99f;

    /// <summary>Gets the Huber loss threshold δ on TD errors.</summary>
    /// <value>The default value is 1 (<see cref="HuberLoss.DefaultDelta"/>).</value>
    [Range(0.0, 1e6)]
    public float HuberDelta { get; init; } = HuberLoss.DefaultDelta;

    /// <summary>Gets the largest global L2 norm of a gradient step.</summary>
    /// <value>The default value is 10.</value>
    [Range(0.0, 1e6)]
    public float MaxGradientNorm { get; init; } = 10f;

    /// <summary>Gets the number of gradient steps between target-network updates.</summary>
    /// <value>The default value is 1000.</value>
    [Range(1, int.MaxValue)]
    public int TargetUpdateInterval { get; init; } = 1000;

    /// <summary>Gets τ, the fraction a target update moves the target towards the online network; 1 is a hard copy.</summary>
    /// <value>The default value is 1 (hard update every <see cref="TargetUpdateInterval"/> steps).</value>
    [Range(0.0, 1.0)]
    public float TargetSmoothing { get; init; } = 1f;

    /// <summary>Gets a value indicating whether states are normalised by running per-feature statistics.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool NormalizeInputs { get; init; } = true;

    /// <summary>Gets the optimiser's hyperparameters.</summary>
    /// <value>The default value is <see cref="AdamOptions"/> with its defaults.</value>
    public AdamOptions Adam { get; init; } = new();

    /// <summary>Gets the seed of the weight initialisation and the replay sampling.</summary>
    /// <value>The default value is 0.</value>
    public ulong Seed { get; init; }
}

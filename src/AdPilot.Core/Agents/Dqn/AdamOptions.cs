using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>The hyperparameters of the Adam optimiser (Kingma and Ba, 2015), with the paper's defaults.</summary>
public sealed record AdamOptions
{
    /// <summary>Gets the step size α.</summary>
    /// <value>The default value is 0.001.</value>
    [Range(0.0, 1.0)]
    public float LearningRate { get; init; } = 1e-3f;

    /// <summary>Gets β1, the decay rate of the first-moment (mean gradient) estimate.</summary>
    /// <value>The default value is 0.9.</value>
    [Range(0.0, 1.0)]
    public float Beta1 { get; init; } = 0.9f;

    /// <summary>Gets β2, the decay rate of the second-moment (mean squared gradient) estimate.</summary>
    /// <value>The default value is 0.999.</value>
    [Range(0.0, 1.0)]
    public float Beta2 { get; init; } = 0.999f;

    /// <summary>Gets ε, added to the root of the second moment so a parameter with no gradient history does not divide by zero.</summary>
    /// <value>The default value is 1e-8.</value>
    [Range(0.0, 1.0)]
    public float Epsilon { get; init; } = 1e-8f;
}

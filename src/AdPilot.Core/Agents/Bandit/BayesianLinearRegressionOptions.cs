using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>
/// The prior and forgetting of a <see cref="BayesianLinearRegression"/>: w | σ² ~ N(0, σ²/λ · I) and
/// σ² ~ InvGamma(a0, b0). The defaults suit targets scaled to roughly unit variance (e.g. profit divided by a
/// typical daily budget).
/// </summary>
public sealed record BayesianLinearRegressionOptions
{
    /// <summary>Gets the prior precision λ of the weights, in units of 1/σ²; larger values shrink harder towards zero (ridge penalty).</summary>
    /// <value>The default value is 1.</value>
    [Range(1e-12, 1e12)]
    public double PriorPrecision { get; init; } = 1.0;

    /// <summary>Gets the shape a0 of the inverse-gamma prior on the noise variance σ²; acts like 2·a0 pseudo-observations.</summary>
    /// <value>The default value is 2, the smallest integer shape with a finite prior mean of σ² (b0 / (a0 − 1)).</value>
    [Range(1e-6, 1e12)]
    public double NoiseShape { get; init; } = 2.0;

    /// <summary>Gets the scale b0 of the inverse-gamma prior on the noise variance σ², in squared target units.</summary>
    /// <value>The default value is 1, so with the default shape the prior mean of σ² is 1.</value>
    [Range(1e-12, 1e12)]
    public double NoiseScale { get; init; } = 1.0;

    /// <summary>
    /// Gets the exponential forgetting factor γ in (0, 1] applied to all past evidence before each update; 1 means no
    /// forgetting. For non-stationary markets old evidence decays, so an observation k updates ago counts γ^k, and the
    /// model remembers about 1 / (1 − γ) observations. The prior itself never decays.
    /// </summary>
    /// <value>The default value is 1 (no forgetting).</value>
    [Range(1e-6, 1.0)]
    public double Forgetting { get; init; } = 1.0;
}

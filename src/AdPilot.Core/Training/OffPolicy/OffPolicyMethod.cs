namespace AdPilot.Core.Training.OffPolicy;

/// <summary>An off-policy estimator of a target policy's value from decisions another policy logged.</summary>
public enum OffPolicyMethod
{
    /// <summary>Inverse propensity scoring: the mean of weight × reward. Unbiased when the logged propensities are right.</summary>
    Ips,

    /// <summary>Self-normalised IPS: Σ weight × reward ÷ Σ weight. Slightly biased, far less variable when weights are large.</summary>
    Snips,

    /// <summary>Doubly robust: a reward model's expectation under the target, corrected by the weighted residual of the logged reward.</summary>
    DoublyRobust,
}

using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>Thompson sampling over one <see cref="BayesianLinearRegression"/> per arm: draw once from each posterior, play the best draw.</summary>
public static class ThompsonSampler
{
    /// <summary>Samples a mean target for each arm from its model at its context and returns the arm with the largest draw.</summary>
    /// <param name="models">One model per arm; all of the same dimension d.</param>
    /// <param name="contexts">The arms' feature vectors, row-major: arm k's features at [k·d, (k + 1)·d).</param>
    /// <param name="rng">The generator; advanced by one posterior draw per arm.</param>
    /// <returns>The chosen arm's index; the lowest index on a tie.</returns>
    /// <exception cref="ArgumentException">There are no arms, or the contexts do not hold d values per arm.</exception>
    public static int SelectArm(ReadOnlySpan<BayesianLinearRegression> models, ReadOnlySpan<double> contexts, ref Rng rng)
    {
        var dimension = CheckShapes(models, contexts);
        var best = 0;
        var bestValue = double.NegativeInfinity;
        for (var k = 0; k < models.Length; k++)
        {
            var value = models[k].SamplePrediction(ref rng, contexts.Slice(k * dimension, dimension));
            if (value > bestValue)
            {
                best = k;
                bestValue = value;
            }
        }

        return best;
    }

    /// <summary>
    /// Estimates each arm's probability of being chosen by <see cref="SelectArm"/>, by running it
    /// <paramref name="draws"/> times. Counts are add-one smoothed, p_k = (c_k + 1) / (draws + K): off-policy
    /// estimators divide by the logged propensity, so an arm that happened never to win in the draws must not get
    /// probability 0 (an infinite importance weight); the smoothing moves each estimate by at most 1 / (draws + K).
    /// </summary>
    /// <param name="models">One model per arm; all of the same dimension d.</param>
    /// <param name="contexts">The arms' feature vectors, row-major, d values per arm.</param>
    /// <param name="rng">The generator; advanced by every draw.</param>
    /// <param name="draws">The number of Thompson draws; positive. The standard error of an estimate is about √(p(1 − p) / draws).</param>
    /// <param name="propensities">Receives K probabilities that sum to 1.</param>
    /// <exception cref="ArgumentException">The shapes disagree.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The number of draws is not positive.</exception>
    public static void EstimatePropensities(
        ReadOnlySpan<BayesianLinearRegression> models,
        ReadOnlySpan<double> contexts,
        ref Rng rng,
        int draws,
        Span<double> propensities)
    {
        CheckShapes(models, contexts);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(draws);
        if (propensities.Length != models.Length)
        {
            throw new ArgumentException($"Expected {models.Length} propensities, got {propensities.Length}.", nameof(propensities));
        }

        propensities.Fill(1.0);
        for (var t = 0; t < draws; t++)
        {
            propensities[SelectArm(models, contexts, ref rng)] += 1.0;
        }

        var total = 1.0 / (draws + models.Length);
        for (var k = 0; k < propensities.Length; k++)
        {
            propensities[k] *= total;
        }
    }

    private static int CheckShapes(ReadOnlySpan<BayesianLinearRegression> models, ReadOnlySpan<double> contexts)
    {
        if (models.IsEmpty)
        {
            throw new ArgumentException("There must be at least one arm.", nameof(models));
        }

        ArgumentNullException.ThrowIfNull(models[0], nameof(models));
        var dimension = models[0].Dimension;
        for (var k = 1; k < models.Length; k++)
        {
            ArgumentNullException.ThrowIfNull(models[k], nameof(models));
            if (models[k].Dimension != dimension)
            {
                throw new ArgumentException("All models must have the same dimension.", nameof(models));
            }
        }

        if (contexts.Length != models.Length * dimension)
        {
            throw new ArgumentException($"Expected {models.Length * dimension} context values, got {contexts.Length}.", nameof(contexts));
        }

        return dimension;
    }
}

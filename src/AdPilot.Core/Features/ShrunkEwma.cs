namespace AdPilot.Core.Features;

/// <summary>
/// An exponentially weighted rate shrunk toward a prior with pseudo-counts:
/// <c>rate = (a·prior + Σ w·num) ÷ (a + Σ w·den)</c>, with <c>w = 2^(−age ÷ halfLife)</c>, where <c>a</c> is the prior's
/// weight in denominator units (e.g. 2,000 impressions for CTR). An ad set with no data reads the prior; one with
/// much more recent data than <c>a</c> reads its own rate. The result is a weighted mean of the prior (weight
/// <c>a</c>) and the pooled observed rate <c>Σ w·num ÷ Σ w·den</c> (weight <c>Σ w·den</c>), so it always lies
/// between them. It equals the simulator's state, whose sums decay by <c>2^(−1 ÷ halfLife)</c> each hour.
/// </summary>
public static class ShrunkEwma
{
    /// <summary>The per-hour decay factor of a half-life.</summary>
    /// <param name="halfLifeHours">The half-life in hours, positive.</param>
    /// <returns><c>2^(−1 ÷ halfLife)</c>.</returns>
    public static double DecayPerHour(double halfLifeHours)
    {
        ThrowIfBadHalfLife(halfLifeHours);
        return Math.Pow(2, -1 / halfLifeHours);
    }

    /// <summary>The shrunk, exponentially weighted rate of some hours.</summary>
    /// <param name="observations">The hours, in any order.</param>
    /// <param name="prior">The prior rate, at least 0.</param>
    /// <param name="priorWeight">The prior's weight in denominator units, at least 0.</param>
    /// <param name="halfLifeHours">The half-life of an hour's weight.</param>
    /// <returns>The rate; the prior when there is no weight at all.</returns>
    /// <exception cref="ArgumentOutOfRangeException">An argument or an observation is negative or not finite.</exception>
    public static double Rate(ReadOnlySpan<RateObservation> observations, double prior, double priorWeight, double halfLifeHours)
    {
        ThrowIfBadHalfLife(halfLifeHours);
        if (!double.IsFinite(prior) || prior < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(prior), prior, "the prior rate must be a finite number ≥ 0");
        }

        if (!double.IsFinite(priorWeight) || priorWeight < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(priorWeight), priorWeight, "the prior weight must be a finite number ≥ 0");
        }

        var numerator = 0.0;
        var denominator = 0.0;
        foreach (var o in observations)
        {
            if (!(o.AgeHours >= 0) || !(o.Numerator >= 0) || !(o.Denominator >= 0)
                || !double.IsFinite(o.AgeHours) || !double.IsFinite(o.Numerator) || !double.IsFinite(o.Denominator))
            {
                throw new ArgumentOutOfRangeException(nameof(observations), o, "ages and counts must be finite numbers ≥ 0");
            }

            var w = Math.Pow(2, -o.AgeHours / halfLifeHours);
            numerator += w * o.Numerator;
            denominator += w * o.Denominator;
        }

        return Shrink(numerator, denominator, prior, priorWeight);
    }

    /// <summary>The rate of already decayed sums, shrunk toward a prior: <c>(a·prior + Σ w·num) ÷ (a + Σ w·den)</c>.</summary>
    /// <param name="numerator">Σ w·num, at least 0.</param>
    /// <param name="denominator">Σ w·den, at least 0.</param>
    /// <param name="prior">The prior rate, at least 0.</param>
    /// <param name="priorWeight">The prior's weight in denominator units, at least 0.</param>
    /// <returns>The rate; the prior when there is no weight at all.</returns>
    public static double Shrink(double numerator, double denominator, double prior, double priorWeight)
    {
        var totalWeight = priorWeight + denominator;
        return totalWeight > 0 ? ((priorWeight * prior) + numerator) / totalWeight : prior;
    }

    private static void ThrowIfBadHalfLife(double halfLifeHours)
    {
        if (!double.IsFinite(halfLifeHours) || halfLifeHours <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(halfLifeHours), halfLifeHours, "the half-life must be a finite number of hours > 0");
        }
    }
}

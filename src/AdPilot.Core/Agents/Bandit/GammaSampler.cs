using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>Gamma and inverse-gamma deviates drawn from the project's seeded <see cref="Rng"/>.</summary>
public static class GammaSampler
{
    /// <summary>A Gamma(<paramref name="shape"/>, 1) deviate by Marsaglia and Tsang (2000), "A simple method for generating gamma variables".</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="shape">The shape k; positive and finite.</param>
    /// <returns>A positive deviate with mean k and variance k.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The shape is not positive and finite.</exception>
    public static double Gamma(ref Rng rng, double shape)
    {
        if (!(shape > 0) || double.IsPositiveInfinity(shape))
        {
            throw new ArgumentOutOfRangeException(nameof(shape), shape, "The shape must be positive and finite.");
        }

        if (shape < 1)
        {
            // Marsaglia–Tsang needs k ≥ 1; Gamma(k) = Gamma(k + 1) · U^(1/k) boosts the shape. Done in logs because
            // U^(1/k) underflows for tiny k.
            var boosted = GammaAtLeastOne(ref rng, shape + 1);
            var logValue = Math.Log(boosted) + (Math.Log(rng.NextOpenDouble()) / shape);
            return Math.Max(Math.Exp(logValue), double.Epsilon);
        }

        return GammaAtLeastOne(ref rng, shape);
    }

    /// <summary>An InvGamma(<paramref name="shape"/>, <paramref name="scale"/>) deviate: <paramref name="scale"/> / Gamma(<paramref name="shape"/>, 1).</summary>
    /// <param name="rng">The generator.</param>
    /// <param name="shape">The shape a; positive and finite.</param>
    /// <param name="scale">The scale b; positive and finite.</param>
    /// <returns>A positive, finite deviate with mean b / (a − 1) when a &gt; 1.</returns>
    /// <exception cref="ArgumentOutOfRangeException">The shape or scale is not positive and finite.</exception>
    public static double InverseGamma(ref Rng rng, double shape, double scale)
    {
        if (!(scale > 0) || double.IsPositiveInfinity(scale))
        {
            throw new ArgumentOutOfRangeException(nameof(scale), scale, "The scale must be positive and finite.");
        }

        // A gamma deviate near double.Epsilon would make the ratio infinite; the cap keeps callers free of ∞ · 0 = NaN.
        return Math.Min(scale / Gamma(ref rng, shape), MaxInverseGamma);
    }

    private const double MaxInverseGamma = 1e300;

    private static double GammaAtLeastOne(ref Rng rng, double shape)
    {
        var d = shape - (1.0 / 3.0);
        var c = 1.0 / Math.Sqrt(9.0 * d);
        while (true)
        {
            double x;
            double v;
            do
            {
                x = rng.NextNormal();
                v = 1.0 + (c * x);
            }
            while (v <= 0);

            v = v * v * v;
            var u = rng.NextOpenDouble();
            var x2 = x * x;
            if (u < 1.0 - (0.0331 * x2 * x2))
            {
                return d * v;
            }

            if (Math.Log(u) < (0.5 * x2) + (d * (1.0 - v + Math.Log(v))))
            {
                return d * v;
            }
        }
    }
}

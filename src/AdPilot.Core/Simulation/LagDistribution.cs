namespace AdPilot.Core.Simulation;

/// <summary>
/// Hours from click to purchase: a log-normal lag discretised to whole hours and truncated at a maximum
/// (the tail beyond it folded back by renormalising), sampled in O(1) with Vose's alias method.
/// </summary>
public sealed class LagDistribution
{
    private readonly double[] _probability;
    private readonly int[] _alias;

    /// <summary>Initializes a new instance of the <see cref="LagDistribution"/> class.</summary>
    /// <param name="medianHours">The median lag.</param>
    /// <param name="sigma">The standard deviation of the log lag.</param>
    /// <param name="maxHours">The longest lag.</param>
    public LagDistribution(double medianHours, double sigma, int maxHours)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(medianHours);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sigma);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxHours);
        var pmf = new double[maxHours + 1];
        var mu = Math.Log(medianHours);
        var previous = 0.0;
        for (var h = 0; h <= maxHours; h++)
        {
            var cdf = NormalCdf((Math.Log(h + 1) - mu) / sigma);
            pmf[h] = cdf - previous;
            previous = cdf;
        }

        var total = pmf.Sum();
        if (!(total > 0))
        {
            // Every purchase would come after the longest lag: they all arrive in its last hour.
            Array.Clear(pmf);
            pmf[maxHours] = 1;
            total = 1;
        }

        for (var h = 0; h < pmf.Length; h++)
        {
            pmf[h] /= total;
        }

        Probabilities = pmf;
        (_probability, _alias) = BuildAlias(pmf);
    }

    /// <summary>Gets P(lag = h hours) for h = 0 … max; sums to 1.</summary>
    public IReadOnlyList<double> Probabilities { get; }

    /// <summary>Gets the longest lag in hours.</summary>
    public int MaxHours => _alias.Length - 1;

    /// <summary>Draws a lag in whole hours.</summary>
    /// <param name="rng">The random stream.</param>
    /// <returns>A lag in [0, <see cref="MaxHours"/>].</returns>
    public int Sample(ref Rng rng)
    {
        var u = rng.NextDouble() * _alias.Length;
        var i = (int)u;
        return u - i < _probability[i] ? i : _alias[i];
    }

    /// <summary>The standard normal CDF.</summary>
    /// <param name="x">The point.</param>
    /// <returns>P(Z ≤ x).</returns>
    internal static double NormalCdf(double x) => 0.5 * Erfc(-x / Math.Sqrt(2));

    // Chebyshev fit of erfc (Numerical Recipes, "erfcc"): fractional error below 1.2e-7, ample for a lag table.
    private static double Erfc(double x)
    {
        ReadOnlySpan<double> c = [-1.26551223, 1.00002368, 0.37409196, 0.09678418, -0.18628806, 0.27886807, -1.13520398, 1.48851587, -0.82215223, 0.17087277];
        var z = Math.Abs(x);
        var t = 1.0 / (1.0 + (0.5 * z));
        var poly = 0.0;
        for (var k = c.Length - 1; k >= 0; k--)
        {
            poly = (poly * t) + c[k];
        }

        var r = t * Math.Exp(-(z * z) + poly);
        return x >= 0 ? r : 2.0 - r;
    }

    private static (double[] Probability, int[] Alias) BuildAlias(double[] pmf)
    {
        var n = pmf.Length;
        var probability = new double[n];
        var alias = new int[n];
        var scaled = pmf.Select(p => p * n).ToArray();
        var small = new Stack<int>();
        var large = new Stack<int>();
        for (var i = 0; i < n; i++)
        {
            (scaled[i] < 1 ? small : large).Push(i);
        }

        while (small.Count > 0 && large.Count > 0)
        {
            var s = small.Pop();
            var l = large.Pop();
            probability[s] = scaled[s];
            alias[s] = l;
            scaled[l] = scaled[l] + scaled[s] - 1;
            (scaled[l] < 1 ? small : large).Push(l);
        }

        while (large.Count > 0)
        {
            var l = large.Pop();
            probability[l] = 1;
            alias[l] = l;
        }

        while (small.Count > 0)
        {
            var s = small.Pop();
            probability[s] = 1;
            alias[s] = s;
        }

        return (probability, alias);
    }
}

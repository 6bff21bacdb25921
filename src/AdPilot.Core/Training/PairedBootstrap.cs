using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training;

/// <summary>
/// The percentile bootstrap of a paired mean difference: how much better one policy did than another over the same
/// scenarios, with a confidence interval that respects the pairing (both ran on each scenario's common random numbers,
/// so it is the per-scenario differences that are resampled, not the two columns apart).
/// </summary>
public static class PairedBootstrap
{
    /// <summary>The default number of resamples.</summary>
    public const int DefaultResamples = 10_000;

    /// <summary>The mean of <paramref name="first"/> − <paramref name="second"/> and its percentile bootstrap interval.</summary>
    /// <param name="first">One value per scenario for the first policy (e.g. the agent's profit).</param>
    /// <param name="second">One value per scenario for the second policy, in the same order.</param>
    /// <param name="seed">Seed of the resampling, so the interval is reproducible.</param>
    /// <param name="confidence">The nominal coverage, in (0, 1).</param>
    /// <param name="resamples">How many bootstrap resamples to draw.</param>
    /// <returns>The mean difference and its interval.</returns>
    /// <exception cref="ArgumentException">The lists differ in length or are empty, or a value is not finite.</exception>
    public static BootstrapInterval MeanDifference(
        IReadOnlyList<double> first,
        IReadOnlyList<double> second,
        ulong seed,
        double confidence = 0.95,
        int resamples = DefaultResamples)
    {
        ArgumentNullException.ThrowIfNull(first);
        ArgumentNullException.ThrowIfNull(second);
        if (first.Count != second.Count || first.Count == 0)
        {
            throw new ArgumentException($"need the same non-zero number of paired values, got {first.Count} and {second.Count}", nameof(second));
        }

        if (!(confidence > 0 && confidence < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(confidence), confidence, "confidence must be in (0, 1)");
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(resamples, 2);
        var n = first.Count;
        var differences = new double[n];
        for (var i = 0; i < n; i++)
        {
            differences[i] = first[i] - second[i];
            if (!double.IsFinite(differences[i]))
            {
                throw new ArgumentException($"pair {i} is not finite ({first[i]} − {second[i]})", nameof(first));
            }
        }

        var means = new double[resamples];
        var rng = Rng.ForStream(seed, 0xB0075);
        for (var r = 0; r < resamples; r++)
        {
            var sum = 0.0;
            for (var k = 0; k < n; k++)
            {
                sum += differences[rng.NextInt(n)];
            }

            means[r] = sum / n;
        }

        Array.Sort(means);
        var tail = (1 - confidence) / 2;
        return new BootstrapInterval(differences.Average(), Quantile(means, tail), Quantile(means, 1 - tail), confidence);
    }

    /// <summary>The q-quantile of sorted values by linear interpolation between order statistics.</summary>
    private static double Quantile(double[] sorted, double q)
    {
        var position = q * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }
}

using System.Runtime.CompilerServices;

namespace AdPilot.Core.Simulation;

/// <summary>
/// A small, fast, seedable random number generator (xoshiro256**, seeded through SplitMix64) with the
/// samplers the simulator needs. Its output depends only on the seed, never on the runtime version, so a
/// scenario replays bit for bit. A value type: copy it and both copies replay the same stream.
/// </summary>
public struct Rng
{
    private ulong _s0;
    private ulong _s1;
    private ulong _s2;
    private ulong _s3;

    /// <summary>Initializes a new instance of the <see cref="Rng"/> struct from a seed.</summary>
    /// <param name="seed">Any value; equal seeds give equal streams.</param>
    public Rng(ulong seed)
    {
        var x = seed;
        _s0 = SplitMix64(ref x);
        _s1 = SplitMix64(ref x);
        _s2 = SplitMix64(ref x);
        _s3 = SplitMix64(ref x);
    }

    /// <summary>A generator for one independent stream: the same (seed, a, b, c) always gives the same stream.</summary>
    /// <param name="seed">The scenario seed.</param>
    /// <param name="a">First stream coordinate, e.g. a purpose tag.</param>
    /// <param name="b">Second coordinate, e.g. an ad set index.</param>
    /// <param name="c">Third coordinate, e.g. an hour index.</param>
    /// <returns>The generator.</returns>
    /// <remarks>
    /// Keying streams by (ad set, hour) is what gives common random numbers: two policies that act
    /// differently still meet the same market noise in the same ad set-hour.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Rng ForStream(ulong seed, ulong a, ulong b = 0, ulong c = 0)
    {
        var x = seed ^ (a * 0x9E3779B97F4A7C15UL);
        x = Mix(x) ^ (b * 0xC2B2AE3D27D4EB4FUL);
        x = Mix(x) ^ (c * 0x165667B19E3779F9UL);
        return new Rng(Mix(x));
    }

    /// <summary>The next 64 random bits.</summary>
    /// <returns>A uniformly distributed value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public ulong NextUInt64()
    {
        var result = ulong.RotateLeft(_s1 * 5, 7) * 9;
        var t = _s1 << 17;
        _s2 ^= _s0;
        _s3 ^= _s1;
        _s1 ^= _s2;
        _s0 ^= _s3;
        _s2 ^= t;
        _s3 = ulong.RotateLeft(_s3, 45);
        return result;
    }

    /// <summary>A uniform double in [0, 1).</summary>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextDouble() => (NextUInt64() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in (0, 1): safe to take the logarithm of.</summary>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextOpenDouble() => ((NextUInt64() >> 12) + 0.5) * (1.0 / (1UL << 52));

    /// <summary>A uniform double in [<paramref name="min"/>, <paramref name="max"/>).</summary>
    /// <param name="min">Lower bound.</param>
    /// <param name="max">Upper bound.</param>
    /// <returns>The value.</returns>
    public double Uniform(double min, double max) => min + ((max - min) * NextDouble());

    /// <summary>A uniform integer in [0, <paramref name="count"/>).</summary>
    /// <param name="count">The number of values; positive.</param>
    /// <returns>The value.</returns>
    public int NextInt(int count) => (int)((NextUInt64() >> 33) * (ulong)count >> 31);

    /// <summary>A standard normal deviate (Box–Muller; one of the pair, so no hidden state).</summary>
    /// <returns>The value.</returns>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public double NextNormal()
    {
        var u1 = NextOpenDouble();
        var u2 = NextDouble();
        return Math.Sqrt(-2.0 * Math.Log(u1)) * Math.Cos(2.0 * Math.PI * u2);
    }

    /// <summary>A log-normal deviate whose mean is <paramref name="mean"/>.</summary>
    /// <param name="mean">The mean of the distribution.</param>
    /// <param name="sigma">The standard deviation of its logarithm.</param>
    /// <returns>The value.</returns>
    public double LogNormalWithMean(double mean, double sigma) =>
        mean * Math.Exp((sigma * NextNormal()) - (0.5 * sigma * sigma));

    /// <summary>A log-normal deviate whose median is <paramref name="median"/>.</summary>
    /// <param name="median">The median.</param>
    /// <param name="sigma">The standard deviation of its logarithm.</param>
    /// <returns>The value.</returns>
    public double LogNormalWithMedian(double median, double sigma) => median * Math.Exp(sigma * NextNormal());

    /// <summary>A Poisson count with mean <paramref name="mean"/>: exact, by inversion below 10 and PTRS above.</summary>
    /// <param name="mean">The mean; 0 or more.</param>
    /// <returns>The count.</returns>
    public long Poisson(double mean)
    {
        if (!(mean > 0))
        {
            return 0;
        }

        if (mean < 10)
        {
            return PoissonInversion(mean);
        }

        // Far from zero the Poisson law is normal to within its skewness, 1/(6√λ) < 0.6% here; a table draw
        // replaces the rejection loop.
        return mean < NormalLimitMean ? PoissonPtrs(mean) : NormalLimit(mean, mean);
    }

    /// <summary>The mean from which <see cref="Poisson"/> uses the normal limit.</summary>
    internal const double NormalLimitMean = 1000;

    private long NormalLimit(double mean, double variance) =>
        (long)Math.Max(0, Math.Floor(mean + (Math.Sqrt(variance) * QuantileTable.StandardNormal.Sample(ref this)) + 0.5));

    /// <summary>
    /// A binomial count of <paramref name="trials"/> trials with success probability <paramref name="p"/>. Below p = 0.02
    /// (click-through rates) it draws the Poisson limit, whose total-variation distance from the binomial is at most p
    /// (Barbour and Hall, 1984); otherwise it is exact by inversion while the mean is under 10, the Poisson limit
    /// for p under 0.1, and the normal limit with continuity correction above.
    /// </summary>
    /// <param name="trials">The number of trials.</param>
    /// <param name="p">The success probability.</param>
    /// <returns>The count, between 0 and <paramref name="trials"/>.</returns>
    public long Binomial(long trials, double p)
    {
        if (trials <= 0 || !(p > 0))
        {
            return 0;
        }

        if (p >= 1)
        {
            return trials;
        }

        if (p > 0.5)
        {
            // Count the failures instead: the samplers below are accurate for small p.
            return trials - Binomial(trials, 1 - p);
        }

        var mean = trials * p;
        if (p < 0.02)
        {
            return Math.Min(trials, Poisson(mean));
        }

        if (mean < 10)
        {
            return Math.Min(trials, BinomialInversion(trials, p));
        }

        if (p < 0.1)
        {
            return Math.Min(trials, Poisson(mean));
        }

        return Math.Min(trials, NormalLimit(mean, mean * (1 - p)));
    }

    private long PoissonInversion(double mean)
    {
        var u = NextDouble();
        var p = Math.Exp(-mean);
        var cumulative = p;
        long k = 0;
        while (u > cumulative && k < 200)
        {
            k++;
            p *= mean * Reciprocal(k);
            cumulative += p;
        }

        return k;
    }

    // Hörmann (1993), "The transformed rejection method for generating Poisson random variables".
    private long PoissonPtrs(double mean)
    {
        var slam = Math.Sqrt(mean);
        var loglam = double.NaN;
        var b = 0.931 + (2.53 * slam);
        var a = -0.059 + (0.02483 * b);
        var invAlpha = 1.1239 + (1.1328 / (b - 3.4));
        var vr = 0.9277 - (3.6224 / (b - 2));

        while (true)
        {
            var u = NextDouble() - 0.5;
            var v = NextDouble();
            var us = 0.5 - Math.Abs(u);
            var k = Math.Floor((((2 * a / us) + b) * u) + mean + 0.43);
            if (us >= 0.07 && v <= vr)
            {
                return (long)k;
            }

            if (k < 0 || (us < 0.013 && v > us))
            {
                continue;
            }

            if (double.IsNaN(loglam))
            {
                loglam = Math.Log(mean);
            }

            if (Math.Log(v) + Math.Log(invAlpha) - Math.Log((a / (us * us)) + b) <= -mean + (k * loglam) - LogFactorial((long)k))
            {
                return (long)k;
            }
        }
    }

    private long BinomialInversion(long trials, double p)
    {
        var q = 1 - p;
        var s = p / q;
        var a = (trials + 1) * s;
        var r = IntegerPower(q, trials);
        var u = NextDouble();
        long x = 0;
        while (u > r && x < trials)
        {
            u -= r;
            x++;
            r *= (a * Reciprocal(x)) - s;
            if (r <= 0)
            {
                break;
            }
        }

        return x;
    }

    /// <summary>x^n by repeated squaring: exact to rounding and several times cheaper than Math.Pow for small n.</summary>
    /// <param name="x">The base.</param>
    /// <param name="n">A non-negative exponent.</param>
    /// <returns>x raised to n.</returns>
    internal static double IntegerPower(double x, long n)
    {
        if (n > 64)
        {
            return Math.Pow(x, n);
        }

        var result = 1.0;
        while (n > 0)
        {
            if ((n & 1) != 0)
            {
                result *= x;
            }

            x *= x;
            n >>= 1;
        }

        return result;
    }

    /// <summary>ln(k!), exact from a table below 256 and by Stirling's series above.</summary>
    /// <param name="k">A non-negative integer.</param>
    /// <returns>The logarithm of its factorial.</returns>
    internal static double LogFactorial(long k)
    {
        if (k < LogFactorialTable.Length)
        {
            return LogFactorialTable[k];
        }

        var n = (double)(k + 1);
        return ((n - 0.5) * Math.Log(n)) - n + (0.5 * Math.Log(2 * Math.PI)) + (1.0 / (12 * n)) - (1.0 / (360 * n * n * n));
    }

    private static readonly double[] LogFactorialTable = BuildLogFactorialTable(256);

    // Inversion loops multiply by 1/k instead of dividing by k: a division costs several multiplications.
    private static readonly double[] ReciprocalTable = Enumerable.Range(0, 256).Select(k => k == 0 ? 0 : 1.0 / k).ToArray();

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static double Reciprocal(long k) => k < ReciprocalTable.Length ? ReciprocalTable[k] : 1.0 / k;

    private static double[] BuildLogFactorialTable(int size)
    {
        var table = new double[size];
        for (var i = 1; i < size; i++)
        {
            table[i] = table[i - 1] + Math.Log(i);
        }

        return table;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong SplitMix64(ref ulong x)
    {
        x += 0x9E3779B97F4A7C15UL;
        return Mix(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}

namespace AdPilot.Core.Simulation;

/// <summary>
/// Draws from a continuous distribution with one uniform and a table lookup: the quantile function tabulated at
/// 1,024 equal steps and interpolated linearly, rescaled so the draws' mean is exactly the distribution's. Used
/// for the hourly pacing noise, which is drawn for every ad set-hour and needs the shape, not the far tails
/// (they are clipped beyond the 1/2048 and 2047/2048 quantiles).
/// </summary>
internal sealed class QuantileTable
{
    private const int Steps = 1024;
    private readonly double[] _table = new double[Steps + 1];

    private QuantileTable(Func<double, double> quantile, double mean)
    {
        for (var k = 0; k <= Steps; k++)
        {
            var p = Math.Clamp((double)k / Steps, 0.5 / Steps, 1 - (0.5 / Steps));
            _table[k] = quantile(p);
        }

        // The draws are uniform within each step, so their mean is the mean of the step midpoints.
        var drawMean = 0.0;
        for (var k = 0; k < Steps; k++)
        {
            drawMean += (_table[k] + _table[k + 1]) / 2;
        }

        drawMean /= Steps;
        if (mean != 0 && drawMean > 0)
        {
            for (var k = 0; k <= Steps; k++)
            {
                _table[k] *= mean / drawMean;
            }
        }
    }

    /// <summary>Gets the standard normal distribution.</summary>
    public static QuantileTable StandardNormal { get; } = new(InverseNormalCdf, 0.0);

    /// <summary>A log-normal distribution with mean 1 and log standard deviation <paramref name="sigma"/>.</summary>
    public static QuantileTable LogNormalMeanOne(double sigma) =>
        new(p => Math.Exp((sigma * InverseNormalCdf(p)) - (0.5 * sigma * sigma)), 1.0);

    public double Sample(ref Rng rng)
    {
        var u = rng.NextDouble() * Steps;
        var k = (int)u;
        return _table[k] + ((u - k) * (_table[k + 1] - _table[k]));
    }

    /// <summary>The standard normal quantile by Acklam's rational approximation (relative error below 1.2e-9).</summary>
    internal static double InverseNormalCdf(double p)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(p, 0.0);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(p, 1.0);
        ReadOnlySpan<double> a = [-3.969683028665376e+01, 2.209460984245205e+02, -2.759285104469687e+02, 1.383577518672690e+02, -3.066479806614716e+01, 2.506628277459239e+00];
        ReadOnlySpan<double> b = [-5.447609879822406e+01, 1.615858368580409e+02, -1.556989798598866e+02, 6.680131188771972e+01, -1.328068155288572e+01];
        ReadOnlySpan<double> c = [-7.784894002430293e-03, -3.223964580411365e-01, -2.400758277161838e+00, -2.549732539343734e+00, 4.374664141464968e+00, 2.938163982698783e+00];
        ReadOnlySpan<double> d = [7.784695709041462e-03, 3.224671290700398e-01, 2.445134137142996e+00, 3.754408661907416e+00];
        const double Low = 0.02425;
        if (p < Low || p > 1 - Low)
        {
            var q = Math.Sqrt(-2 * Math.Log(p < Low ? p : 1 - p));
            var x = Polynomial(c, q) / ((Polynomial(d, q) * q) + 1);
            return p < Low ? x : -x;
        }

        var r = p - 0.5;
        var s = r * r;
        return Polynomial(a, s) * r / ((Polynomial(b, s) * s) + 1);
    }

    private static double Polynomial(ReadOnlySpan<double> coefficients, double x)
    {
        var value = 0.0;
        foreach (var coefficient in coefficients)
        {
            value = (value * x) + coefficient;
        }

        return value;
    }
}

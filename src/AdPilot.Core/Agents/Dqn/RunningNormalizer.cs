using System.Numerics.Tensors;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>
/// Per-feature running mean and variance of the inputs, for normalising them to about zero mean and unit variance.
/// Single samples update by Welford's method and batches by the parallel combination of Chan et al.; both are
/// accumulated in double so a long run does not drift. The state (<see cref="Count"/>, <see cref="Mean"/>,
/// <see cref="SumOfSquares"/>) is exposed so a checkpoint can save and restore it.
/// </summary>
public sealed class RunningNormalizer
{
    /// <summary>The ε added to the variance before its square root: a constant feature maps to 0 instead of dividing by zero.</summary>
    public const float DefaultEpsilon = 1e-8f;

    private readonly double[] _mean;
    private readonly double[] _sumOfSquares;
    private readonly float[] _floatMean;
    private readonly float[] _inverseStd;
    private readonly float _epsilon;

    /// <summary>Initializes a new instance of the <see cref="RunningNormalizer"/> class with no samples seen.</summary>
    /// <param name="featureCount">The number of features per sample.</param>
    /// <param name="epsilon">The ε added to the variance.</param>
    public RunningNormalizer(int featureCount, float epsilon = DefaultEpsilon)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(featureCount, 1);
        ArgumentOutOfRangeException.ThrowIfNegative(epsilon);
        _mean = new double[featureCount];
        _sumOfSquares = new double[featureCount];
        _floatMean = new float[featureCount];
        _inverseStd = new float[featureCount];
        _epsilon = epsilon;
        RefreshScale();
    }

    /// <summary>Gets the number of features per sample.</summary>
    public int FeatureCount => _mean.Length;

    /// <summary>Gets the number of samples seen.</summary>
    public long Count { get; private set; }

    /// <summary>Gets the running mean of each feature.</summary>
    public ReadOnlySpan<double> Mean => _mean;

    /// <summary>Gets the running sum of squared deviations from the mean (Welford's M2) of each feature.</summary>
    public ReadOnlySpan<double> SumOfSquares => _sumOfSquares;

    /// <summary>The population variance of one feature: M2 / n, or 1 before any sample, so early inputs pass through unscaled.</summary>
    /// <param name="feature">The feature index.</param>
    /// <returns>The variance.</returns>
    public double Variance(int feature) => Count == 0 ? 1.0 : _sumOfSquares[feature] / Count;

    /// <summary>Adds one sample (Welford's update).</summary>
    /// <param name="sample">The features of one sample.</param>
    public void Update(ReadOnlySpan<float> sample)
    {
        EnsureLength(sample.Length);
        Count++;
        for (var f = 0; f < _mean.Length; f++)
        {
            var x = (double)sample[f];
            var delta = x - _mean[f];
            _mean[f] += delta / Count;
            _sumOfSquares[f] += delta * (x - _mean[f]);
        }

        RefreshScale();
    }

    /// <summary>Adds a batch of samples by combining its own mean and M2 with the running ones (Chan, Golub and LeVeque).</summary>
    /// <param name="samples">The samples, row-major: one row of <see cref="FeatureCount"/> each.</param>
    public void UpdateBatch(ReadOnlySpan<float> samples)
    {
        if (samples.Length % _mean.Length != 0)
        {
            throw new ArgumentException("The batch is not a whole number of samples.", nameof(samples));
        }

        var n = samples.Length / _mean.Length;
        if (n == 0)
        {
            return;
        }

        var total = Count + n;
        for (var f = 0; f < _mean.Length; f++)
        {
            var batchMean = 0.0;
            for (var i = 0; i < n; i++)
            {
                batchMean += samples[(i * _mean.Length) + f];
            }

            batchMean /= n;
            var batchM2 = 0.0;
            for (var i = 0; i < n; i++)
            {
                var d = samples[(i * _mean.Length) + f] - batchMean;
                batchM2 += d * d;
            }

            var delta = batchMean - _mean[f];
            _mean[f] += delta * n / total;
            _sumOfSquares[f] += batchM2 + (delta * delta * Count * n / total);
        }

        Count = total;
        RefreshScale();
    }

    /// <summary>Normalises samples: (x − mean) / √(variance + ε), feature by feature.</summary>
    /// <param name="samples">The samples, row-major: one row of <see cref="FeatureCount"/> each.</param>
    /// <param name="destination">Receives the normalised samples; may be the same span as <paramref name="samples"/>.</param>
    public void Normalize(ReadOnlySpan<float> samples, Span<float> destination)
    {
        if (samples.Length % _mean.Length != 0 || destination.Length < samples.Length)
        {
            throw new ArgumentException("The spans are not a whole number of samples of matching length.");
        }

        var width = _mean.Length;
        for (var offset = 0; offset < samples.Length; offset += width)
        {
            var row = destination.Slice(offset, width);
            TensorPrimitives.Subtract(samples.Slice(offset, width), _floatMean, row);
            TensorPrimitives.Multiply(row, _inverseStd, row);
        }
    }

    /// <summary>Replaces the statistics, e.g. from a checkpoint.</summary>
    /// <param name="count">The number of samples seen.</param>
    /// <param name="mean">The mean of each feature.</param>
    /// <param name="sumOfSquares">The M2 of each feature.</param>
    public void Restore(long count, ReadOnlySpan<double> mean, ReadOnlySpan<double> sumOfSquares)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        EnsureLength(mean.Length);
        EnsureLength(sumOfSquares.Length);
        Count = count;
        mean.CopyTo(_mean);
        sumOfSquares.CopyTo(_sumOfSquares);
        RefreshScale();
    }

    private void RefreshScale()
    {
        for (var f = 0; f < _mean.Length; f++)
        {
            _floatMean[f] = (float)_mean[f];
            _inverseStd[f] = (float)(1.0 / Math.Sqrt(Variance(f) + _epsilon));
        }
    }

    private void EnsureLength(int length)
    {
        if (length != _mean.Length)
        {
            throw new ArgumentException($"Expected {_mean.Length} features, got {length}.");
        }
    }
}

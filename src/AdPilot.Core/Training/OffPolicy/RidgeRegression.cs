namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// Ridge regression with an unpenalised intercept on standardised features: y ≈ b + Σ βⱼ (xⱼ − mⱼ) ÷ sⱼ, with β minimising
/// Σ residual² + λ Σ βⱼ². A feature that does not vary in the fit gets no weight. Solved by Cholesky on the normal
/// equations, which suits the few features a reward model has.
/// </summary>
public sealed class RidgeRegression
{
    private readonly double _intercept;
    private readonly double[] _means;
    private readonly double[] _scales;
    private readonly double[] _weights;

    private RidgeRegression(double intercept, double[] means, double[] scales, double[] weights)
    {
        _intercept = intercept;
        _means = means;
        _scales = scales;
        _weights = weights;
    }

    /// <summary>Gets the number of features.</summary>
    public int FeatureCount => _weights.Length;

    /// <summary>Gets the intercept: the mean target of the fit.</summary>
    public double Intercept => _intercept;

    /// <summary>Fits the model.</summary>
    /// <param name="features">One row of features per sample, all of the same length.</param>
    /// <param name="targets">One target per sample.</param>
    /// <param name="lambda">The ridge penalty on the standardised weights, ≥ 0.</param>
    /// <returns>The fitted model; with no samples, one that predicts 0.</returns>
    /// <exception cref="ArgumentException">The rows differ in length, the counts differ, a value is not finite, or λ is negative.</exception>
    public static RidgeRegression Fit(IReadOnlyList<double[]> features, IReadOnlyList<double> targets, double lambda)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        if (!(lambda >= 0) || double.IsInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "the ridge penalty must be a non-negative number");
        }

        if (features.Count != targets.Count)
        {
            throw new ArgumentException($"expected one target per row, got {features.Count} rows and {targets.Count} targets", nameof(targets));
        }

        var n = features.Count;
        var d = n == 0 ? 0 : features[0].Length;
        for (var i = 0; i < n; i++)
        {
            if (features[i].Length != d)
            {
                throw new ArgumentException($"row {i} has {features[i].Length} features, row 0 has {d}", nameof(features));
            }

            if (!double.IsFinite(targets[i]) || features[i].Any(v => !double.IsFinite(v)))
            {
                throw new ArgumentException($"row {i} holds a value that is not finite", nameof(features));
            }
        }

        if (n == 0)
        {
            return new RidgeRegression(0, [], [], []);
        }

        var means = new double[d];
        var scales = new double[d];
        var yMean = targets.Average();
        for (var j = 0; j < d; j++)
        {
            var mean = 0.0;
            for (var i = 0; i < n; i++)
            {
                mean += features[i][j];
            }

            mean /= n;
            var squares = 0.0;
            for (var i = 0; i < n; i++)
            {
                var dev = features[i][j] - mean;
                squares += dev * dev;
            }

            means[j] = mean;
            var sd = Math.Sqrt(squares / n);
            scales[j] = sd > 1e-12 * Math.Max(1, Math.Abs(mean)) ? sd : 0;
        }

        // Normal equations on the standardised columns: (ZᵀZ + λI) β = Zᵀ(y − ȳ); a constant column is left out (β = 0).
        var a = new double[d * d];
        var b = new double[d];
        var z = new double[d];
        for (var i = 0; i < n; i++)
        {
            for (var j = 0; j < d; j++)
            {
                z[j] = scales[j] > 0 ? (features[i][j] - means[j]) / scales[j] : 0;
            }

            var y = targets[i] - yMean;
            for (var j = 0; j < d; j++)
            {
                b[j] += z[j] * y;
                for (var k = 0; k <= j; k++)
                {
                    a[(j * d) + k] += z[j] * z[k];
                }
            }
        }

        for (var j = 0; j < d; j++)
        {
            for (var k = 0; k < j; k++)
            {
                a[(k * d) + j] = a[(j * d) + k];
            }

            // A constant column gets a unit diagonal so the system stays positive definite; its b is 0, so its β is 0.
            a[(j * d) + j] += scales[j] > 0 ? lambda : 1;
            if (scales[j] > 0 && lambda == 0)
            {
                a[(j * d) + j] += 1e-9 * n;
            }
        }

        var weights = SolveSymmetric(a, b, d);
        return new RidgeRegression(yMean, means, scales, weights);
    }

    /// <summary>The prediction for one row of features.</summary>
    /// <param name="features">The features, as many as the fit had.</param>
    /// <returns>The prediction.</returns>
    /// <exception cref="ArgumentException">The row has another number of features.</exception>
    public double Predict(ReadOnlySpan<double> features)
    {
        if (_weights.Length == 0)
        {
            return _intercept;
        }

        if (features.Length != _weights.Length)
        {
            throw new ArgumentException($"expected {_weights.Length} features, got {features.Length}", nameof(features));
        }

        var y = _intercept;
        for (var j = 0; j < _weights.Length; j++)
        {
            if (_scales[j] > 0)
            {
                y += _weights[j] * (features[j] - _means[j]) / _scales[j];
            }
        }

        return y;
    }

    /// <summary>Solves A x = b for a symmetric positive definite A (row-major, d × d) by Cholesky.</summary>
    private static double[] SolveSymmetric(double[] a, double[] b, int d)
    {
        var l = new double[d * d];
        for (var j = 0; j < d; j++)
        {
            var diagonal = a[(j * d) + j];
            for (var k = 0; k < j; k++)
            {
                diagonal -= l[(j * d) + k] * l[(j * d) + k];
            }

            l[(j * d) + j] = Math.Sqrt(Math.Max(diagonal, 1e-12));
            for (var i = j + 1; i < d; i++)
            {
                var sum = a[(i * d) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= l[(i * d) + k] * l[(j * d) + k];
                }

                l[(i * d) + j] = sum / l[(j * d) + j];
            }
        }

        var y = new double[d];
        for (var i = 0; i < d; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[(i * d) + k] * y[k];
            }

            y[i] = sum / l[(i * d) + i];
        }

        var x = new double[d];
        for (var i = d - 1; i >= 0; i--)
        {
            var sum = y[i];
            for (var k = i + 1; k < d; k++)
            {
                sum -= l[(k * d) + i] * x[k];
            }

            x[i] = sum / l[(i * d) + i];
        }

        return x;
    }
}

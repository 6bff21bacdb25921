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

    /// <summary>Fits the model with a given penalty.</summary>
    /// <param name="features">One row of features per sample, all of the same length.</param>
    /// <param name="targets">One target per sample.</param>
    /// <param name="lambda">The ridge penalty on the standardised weights, ≥ 0.</param>
    /// <returns>The fitted model; with no samples, one that predicts 0.</returns>
    /// <exception cref="ArgumentException">The rows differ in length, the counts differ, a value is not finite, or λ is negative.</exception>
    public static RidgeRegression Fit(IReadOnlyList<double[]> features, IReadOnlyList<double> targets, double lambda)
    {
        if (!(lambda >= 0) || double.IsInfinity(lambda))
        {
            throw new ArgumentOutOfRangeException(nameof(lambda), lambda, "the ridge penalty must be a non-negative number");
        }

        return FitBest(features, targets, [lambda]);
    }

    /// <summary>
    /// Fits the model with the penalty, among <paramref name="lambdas"/>, whose leave-one-out error is least: for ridge the
    /// left-out residual of sample i is its residual ÷ (1 − hᵢᵢ), hᵢᵢ the diagonal of the hat matrix (1/n for the intercept
    /// plus zᵢᵀ(ZᵀZ + λI)⁻¹zᵢ), so every candidate costs one fit.
    /// </summary>
    /// <param name="features">One row of features per sample, all of the same length.</param>
    /// <param name="targets">One target per sample.</param>
    /// <param name="lambdas">The penalties to choose among, each ≥ 0.</param>
    /// <returns>The fitted model; with no samples, one that predicts 0.</returns>
    /// <exception cref="ArgumentException">The rows differ in length, the counts differ, a value is not finite, or no penalty is given or one is negative.</exception>
    public static RidgeRegression FitBest(IReadOnlyList<double[]> features, IReadOnlyList<double> targets, IReadOnlyList<double> lambdas)
    {
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(targets);
        ArgumentNullException.ThrowIfNull(lambdas);
        if (lambdas.Count == 0 || lambdas.Any(l => !(l >= 0) || double.IsInfinity(l)))
        {
            throw new ArgumentOutOfRangeException(nameof(lambdas), "give at least one ridge penalty, each a non-negative number");
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

        // The standardised design (a constant column is all 0 and gets no weight) and the normal equations' parts.
        var z = new double[n][];
        var gram = new double[d * d];
        var b = new double[d];
        for (var i = 0; i < n; i++)
        {
            var row = new double[d];
            for (var j = 0; j < d; j++)
            {
                row[j] = scales[j] > 0 ? (features[i][j] - means[j]) / scales[j] : 0;
            }

            z[i] = row;
            var y = targets[i] - yMean;
            for (var j = 0; j < d; j++)
            {
                b[j] += row[j] * y;
                for (var k = 0; k <= j; k++)
                {
                    gram[(j * d) + k] += row[j] * row[k];
                }
            }
        }

        for (var j = 0; j < d; j++)
        {
            for (var k = 0; k < j; k++)
            {
                gram[(k * d) + j] = gram[(j * d) + k];
            }
        }

        double[]? best = null;
        var bestError = double.PositiveInfinity;
        foreach (var lambda in lambdas)
        {
            var a = (double[])gram.Clone();
            for (var j = 0; j < d; j++)
            {
                // A constant column gets a unit diagonal so the system stays positive definite; its b is 0, so its β is 0.
                a[(j * d) + j] += scales[j] > 0 ? lambda + (lambda == 0 ? 1e-9 * n : 0) : 1;
            }

            var l = Cholesky(a, d);
            var weights = Solve(l, b, d);
            if (lambdas.Count == 1)
            {
                return new RidgeRegression(yMean, means, scales, weights);
            }

            var error = 0.0;
            var u = new double[d];
            for (var i = 0; i < n; i++)
            {
                var residual = targets[i] - yMean;
                for (var j = 0; j < d; j++)
                {
                    residual -= weights[j] * z[i][j];
                }

                // hᵢᵢ = 1/n + zᵢᵀ A⁻¹ zᵢ = 1/n + |L⁻¹zᵢ|².
                ForwardSolve(l, z[i], u, d);
                var leverage = (1.0 / n) + u.Sum(v => v * v);
                var left = leverage < 1 - 1e-9 ? residual / (1 - leverage) : residual * 1e9;
                error += left * left;
            }

            if (error < bestError)
            {
                bestError = error;
                best = weights;
            }
        }

        return new RidgeRegression(yMean, means, scales, best!);
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

    /// <summary>The Cholesky factor L (row-major, lower) of a symmetric positive definite A (row-major, d × d).</summary>
    private static double[] Cholesky(double[] a, int d)
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

        return l;
    }

    /// <summary>Solves L y = b.</summary>
    private static void ForwardSolve(double[] l, ReadOnlySpan<double> b, Span<double> y, int d)
    {
        for (var i = 0; i < d; i++)
        {
            var sum = b[i];
            for (var k = 0; k < i; k++)
            {
                sum -= l[(i * d) + k] * y[k];
            }

            y[i] = sum / l[(i * d) + i];
        }
    }

    /// <summary>Solves L Lᵀ x = b.</summary>
    private static double[] Solve(double[] l, double[] b, int d)
    {
        var y = new double[d];
        ForwardSolve(l, b, y, d);
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

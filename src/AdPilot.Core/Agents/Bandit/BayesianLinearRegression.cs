using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>
/// The conjugate normal–inverse-gamma linear model y = w·x + ε, ε ~ N(0, σ²), with prior
/// w | σ² ~ N(0, σ²/λ · I) and σ² ~ InvGamma(a0, b0). It keeps the precision matrix A = λI + Σ x xᵀ, the vector
/// b = Σ y x, the (weighted) count n and Σ y², from which the posterior is w | σ² ~ N(μ, σ² A⁻¹) with μ = A⁻¹ b and
/// σ² ~ InvGamma(a0 + n/2, b0 + (Σ y² − bᵀμ)/2). Updates, predictions and samples allocate nothing.
/// </summary>
/// <remarks>Not thread-safe: reads refresh a cached Cholesky factor of A.</remarks>
public sealed class BayesianLinearRegression
{
    private const int MaxJitterAttempts = 12;

    private readonly int _dimension;
    private readonly double _priorPrecision;
    private readonly double _forgetting;
    private readonly double[] _precision;
    private readonly double[] _targets;
    private readonly double[] _cholesky;
    private readonly double[] _mean;
    private readonly double[] _scratch;
    private double _count;
    private double _sumSquaredTargets;
    private double _jitter;
    private bool _stale = true;

    /// <summary>Initializes a new instance of the <see cref="BayesianLinearRegression"/> class at its prior.</summary>
    /// <param name="dimension">The number of features; positive.</param>
    /// <param name="options">The prior and forgetting; the defaults when null.</param>
    /// <exception cref="ArgumentOutOfRangeException">The dimension or an option is out of range.</exception>
    public BayesianLinearRegression(int dimension, BayesianLinearRegressionOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(dimension);
        options ??= new BayesianLinearRegressionOptions();
        if (!(options.PriorPrecision > 0) || double.IsPositiveInfinity(options.PriorPrecision))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.PriorPrecision, "PriorPrecision must be positive and finite.");
        }

        if (!(options.NoiseShape > 0) || double.IsPositiveInfinity(options.NoiseShape))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.NoiseShape, "NoiseShape must be positive and finite.");
        }

        if (!(options.NoiseScale > 0) || double.IsPositiveInfinity(options.NoiseScale))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.NoiseScale, "NoiseScale must be positive and finite.");
        }

        if (!(options.Forgetting > 0 && options.Forgetting <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(options), options.Forgetting, "Forgetting must be in (0, 1].");
        }

        _dimension = dimension;
        Options = options;
        _priorPrecision = options.PriorPrecision;
        _forgetting = options.Forgetting;
        _precision = new double[dimension * dimension];
        _targets = new double[dimension];
        _cholesky = new double[dimension * dimension];
        _mean = new double[dimension];
        _scratch = new double[dimension];
        Reset();
    }

    /// <summary>Gets the number of features.</summary>
    public int Dimension => _dimension;

    /// <summary>Gets the prior and forgetting this model was built with.</summary>
    public BayesianLinearRegressionOptions Options { get; }

    /// <summary>Gets the precision matrix A = λI + Σ x xᵀ, row-major, <see cref="Dimension"/>² values; for checkpoints.</summary>
    public ReadOnlySpan<double> Precision => _precision;

    /// <summary>Gets the vector b = Σ y x; for checkpoints.</summary>
    public ReadOnlySpan<double> WeightedTargets => _targets;

    /// <summary>Gets the effective number of observations n: the sum of weights, decayed by forgetting; for checkpoints.</summary>
    public double EffectiveCount => _count;

    /// <summary>Gets Σ y², weighted and decayed like the other sums; for checkpoints.</summary>
    public double SumOfSquaredTargets => _sumSquaredTargets;

    /// <summary>Gets the posterior shape a0 + n/2 of the noise variance σ².</summary>
    public double PosteriorShape => Options.NoiseShape + (0.5 * _count);

    /// <summary>Gets the posterior scale b0 + (Σ y² − bᵀμ)/2 of the noise variance σ².</summary>
    public double PosteriorScale
    {
        get
        {
            Refresh();
            var fit = 0.0;
            for (var i = 0; i < _dimension; i++)
            {
                fit += _targets[i] * _mean[i];
            }

            // Σy² − bᵀμ is a weighted residual sum of squares plus the ridge penalty, never negative in exact
            // arithmetic; cancellation can push it just below zero.
            return Options.NoiseScale + (0.5 * Math.Max(0, _sumSquaredTargets - fit));
        }
    }

    /// <summary>Gets the posterior mean of σ², b_n / (a_n − 1); positive infinity while a_n ≤ 1.</summary>
    public double ExpectedNoiseVariance
    {
        get
        {
            var shape = PosteriorShape;
            return shape > 1 ? PosteriorScale / (shape - 1) : double.PositiveInfinity;
        }
    }

    /// <summary>Gets the posterior mean μ = A⁻¹ b of the weights; valid until the next update or restore.</summary>
    public ReadOnlySpan<double> PosteriorMean
    {
        get
        {
            Refresh();
            return _mean;
        }
    }

    /// <summary>Gets the diagonal jitter the last Cholesky factorisation needed; 0 when A factored as is.</summary>
    public double CholeskyJitter
    {
        get
        {
            Refresh();
            return _jitter;
        }
    }

    /// <summary>Forgets all evidence: back to the prior.</summary>
    public void Reset()
    {
        Array.Clear(_precision);
        for (var i = 0; i < _dimension; i++)
        {
            _precision[(i * _dimension) + i] = _priorPrecision;
        }

        Array.Clear(_targets);
        _count = 0;
        _sumSquaredTargets = 0;
        _stale = true;
    }

    /// <summary>Adds one observation, first decaying past evidence by the forgetting factor.</summary>
    /// <param name="x">The features; <see cref="Dimension"/> finite values.</param>
    /// <param name="y">The observed target; finite.</param>
    /// <param name="weight">How many observations this one counts as; 0 or more and finite.</param>
    /// <exception cref="ArgumentException">The features have the wrong length or are not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">The target or weight is not finite, or the weight is negative.</exception>
    public void Update(ReadOnlySpan<double> x, double y, double weight = 1.0)
    {
        if (x.Length != _dimension)
        {
            throw new ArgumentException($"Expected {_dimension} features, got {x.Length}.", nameof(x));
        }

        if (!double.IsFinite(y))
        {
            throw new ArgumentOutOfRangeException(nameof(y), y, "The target must be finite.");
        }

        if (!(weight >= 0) || double.IsPositiveInfinity(weight))
        {
            throw new ArgumentOutOfRangeException(nameof(weight), weight, "The weight must be 0 or more and finite.");
        }

        for (var i = 0; i < _dimension; i++)
        {
            if (!double.IsFinite(x[i]))
            {
                throw new ArgumentException("The features must be finite.", nameof(x));
            }
        }

        var gamma = _forgetting;
        for (var i = 0; i < _dimension; i++)
        {
            var row = _precision.AsSpan(i * _dimension, _dimension);
            var wxi = weight * x[i];
            if (gamma < 1)
            {
                // Decay only the data part of A, so the prior λI stays and A remains well conditioned however
                // long a direction goes unobserved.
                for (var j = 0; j < _dimension; j++)
                {
                    row[j] = (gamma * row[j]) + (wxi * x[j]);
                }

                row[i] += (1 - gamma) * _priorPrecision;
            }
            else
            {
                for (var j = 0; j < _dimension; j++)
                {
                    row[j] += wxi * x[j];
                }
            }

            _targets[i] = (gamma * _targets[i]) + (wxi * y);
        }

        _count = (gamma * _count) + weight;
        _sumSquaredTargets = (gamma * _sumSquaredTargets) + (weight * y * y);
        _stale = true;
    }

    /// <summary>The posterior mean prediction μ·x.</summary>
    /// <param name="x">The features; <see cref="Dimension"/> values.</param>
    /// <returns>The predicted target.</returns>
    public double Predict(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        Refresh();
        return Dot(_mean, x);
    }

    /// <summary>
    /// The variance of the posterior predictive (Student-t) distribution of a new target at <paramref name="x"/>:
    /// E[σ²] · (1 + xᵀA⁻¹x). Positive infinity while a_n ≤ 1.
    /// </summary>
    /// <param name="x">The features; <see cref="Dimension"/> values.</param>
    /// <returns>The variance.</returns>
    public double PredictiveVariance(ReadOnlySpan<double> x) => ExpectedNoiseVariance * (1 + Leverage(x));

    /// <summary>
    /// The posterior variance of the mean target w·x at <paramref name="x"/>: E[σ²] · xᵀA⁻¹x; its square root is the
    /// LinUCB exploration width. Positive infinity while a_n ≤ 1.
    /// </summary>
    /// <param name="x">The features; <see cref="Dimension"/> values.</param>
    /// <returns>The variance.</returns>
    public double MeanVariance(ReadOnlySpan<double> x) => ExpectedNoiseVariance * Leverage(x);

    /// <summary>The quadratic form xᵀA⁻¹x, the uncertainty of w·x in units of σ².</summary>
    /// <param name="x">The features; <see cref="Dimension"/> values.</param>
    /// <returns>A non-negative value.</returns>
    public double Leverage(ReadOnlySpan<double> x)
    {
        CheckLength(x);
        Refresh();

        // xᵀA⁻¹x = ‖L⁻¹x‖² with A = LLᵀ: one forward solve, no inverse.
        var z = _scratch.AsSpan();
        x.CopyTo(z);
        ForwardSolve(z);
        return Dot(z, z);
    }

    /// <summary>Draws σ² ~ InvGamma(a_n, b_n) and then weights w ~ N(μ, σ² A⁻¹) from the joint posterior.</summary>
    /// <param name="rng">The generator; advanced by the draw.</param>
    /// <param name="weights">Receives the <see cref="Dimension"/> sampled weights.</param>
    /// <exception cref="ArgumentException">The destination has the wrong length.</exception>
    public void SampleWeights(ref Rng rng, Span<double> weights)
    {
        if (weights.Length != _dimension)
        {
            throw new ArgumentException($"Expected {_dimension} weights, got {weights.Length}.", nameof(weights));
        }

        Refresh();
        var sigma = Math.Sqrt(GammaSampler.InverseGamma(ref rng, PosteriorShape, PosteriorScale));
        for (var i = 0; i < _dimension; i++)
        {
            weights[i] = rng.NextNormal();
        }

        // Lᵀu = z gives u ~ N(0, L⁻ᵀL⁻¹) = N(0, A⁻¹).
        BackSolve(weights);
        for (var i = 0; i < _dimension; i++)
        {
            weights[i] = _mean[i] + (sigma * weights[i]);
        }
    }

    /// <summary>One Thompson draw of the target at <paramref name="x"/>: w·x for weights sampled by <see cref="SampleWeights"/>.</summary>
    /// <param name="rng">The generator; advanced by the draw.</param>
    /// <param name="x">The features; <see cref="Dimension"/> values.</param>
    /// <returns>The sampled mean target.</returns>
    public double SamplePrediction(ref Rng rng, ReadOnlySpan<double> x)
    {
        CheckLength(x);
        var w = _scratch.AsSpan();
        SampleWeights(ref rng, w);
        return Dot(w, x);
    }

    /// <summary>Replaces all evidence with a saved state, e.g. from a checkpoint of <see cref="Precision"/>,
    /// <see cref="WeightedTargets"/>, <see cref="EffectiveCount"/> and <see cref="SumOfSquaredTargets"/>; the
    /// restored model predicts and samples exactly as the saved one did, provided it was built with the same
    /// <see cref="Dimension"/> and <see cref="Options"/>, which a checkpoint must save alongside.</summary>
    /// <param name="precision">The precision matrix A, row-major, <see cref="Dimension"/>² finite values.</param>
    /// <param name="weightedTargets">The vector b, <see cref="Dimension"/> finite values.</param>
    /// <param name="effectiveCount">The effective count n; 0 or more and finite.</param>
    /// <param name="sumOfSquaredTargets">Σ y²; 0 or more and finite.</param>
    /// <exception cref="ArgumentException">A span has the wrong length or a value is not finite.</exception>
    /// <exception cref="ArgumentOutOfRangeException">A scalar is negative or not finite.</exception>
    public void Restore(ReadOnlySpan<double> precision, ReadOnlySpan<double> weightedTargets, double effectiveCount, double sumOfSquaredTargets)
    {
        if (precision.Length != _dimension * _dimension || !AllFinite(precision))
        {
            throw new ArgumentException($"Expected {_dimension * _dimension} finite values.", nameof(precision));
        }

        if (weightedTargets.Length != _dimension || !AllFinite(weightedTargets))
        {
            throw new ArgumentException($"Expected {_dimension} finite values.", nameof(weightedTargets));
        }

        if (!(effectiveCount >= 0) || double.IsPositiveInfinity(effectiveCount))
        {
            throw new ArgumentOutOfRangeException(nameof(effectiveCount), effectiveCount, "The count must be 0 or more and finite.");
        }

        if (!(sumOfSquaredTargets >= 0) || double.IsPositiveInfinity(sumOfSquaredTargets))
        {
            throw new ArgumentOutOfRangeException(nameof(sumOfSquaredTargets), sumOfSquaredTargets, "The sum must be 0 or more and finite.");
        }

        precision.CopyTo(_precision);
        weightedTargets.CopyTo(_targets);
        _count = effectiveCount;
        _sumSquaredTargets = sumOfSquaredTargets;
        _stale = true;
    }

    private void Refresh()
    {
        if (!_stale)
        {
            return;
        }

        Factor();
        _targets.CopyTo(_mean, 0);
        ForwardSolve(_mean);
        BackSolve(_mean);
        _stale = false;
    }

    private void Factor()
    {
        // A = λI + PSD is positive definite in exact arithmetic, so the first attempt succeeds unless rounding
        // (near-collinear features, long forgetting) made a pivot non-positive; then a diagonal jitter far below λ
        // restores definiteness while changing the posterior by less than the rounding already did.
        _jitter = 0;
        var scale = 0.0;
        for (var i = 0; i < _dimension; i++)
        {
            scale = Math.Max(scale, Math.Abs(_precision[(i * _dimension) + i]));
        }

        var step = Math.Max(scale, _priorPrecision) * 1e-12;
        for (var attempt = 0; attempt <= MaxJitterAttempts; attempt++)
        {
            if (TryCholesky(_jitter))
            {
                return;
            }

            _jitter = attempt == 0 ? step : _jitter * 10;
        }

        // Unreachable for finite input: the last jitter exceeds the largest diagonal entry. Fall back to the
        // prior's factor rather than leave NaN in the cache.
        Array.Clear(_cholesky);
        for (var i = 0; i < _dimension; i++)
        {
            _cholesky[(i * _dimension) + i] = Math.Sqrt(Math.Max(scale, _priorPrecision));
        }
    }

    private bool TryCholesky(double jitter)
    {
        var n = _dimension;
        for (var i = 0; i < n; i++)
        {
            var li = _cholesky.AsSpan(i * n, n);
            for (var j = 0; j <= i; j++)
            {
                var lj = _cholesky.AsSpan(j * n, j);
                var sum = _precision[(i * n) + j];
                for (var k = 0; k < j; k++)
                {
                    sum -= li[k] * lj[k];
                }

                if (i == j)
                {
                    sum += jitter;
                    if (!(sum > 0) || !double.IsFinite(sum))
                    {
                        return false;
                    }

                    li[i] = Math.Sqrt(sum);
                }
                else
                {
                    li[j] = sum / _cholesky[(j * n) + j];
                }
            }

            li[(i + 1)..].Clear();
        }

        return true;
    }

    private void ForwardSolve(Span<double> v)
    {
        var n = _dimension;
        for (var i = 0; i < n; i++)
        {
            var sum = v[i];
            var row = _cholesky.AsSpan(i * n, i);
            for (var k = 0; k < i; k++)
            {
                sum -= row[k] * v[k];
            }

            v[i] = sum / _cholesky[(i * n) + i];
        }
    }

    private void BackSolve(Span<double> v)
    {
        var n = _dimension;
        for (var i = n - 1; i >= 0; i--)
        {
            var sum = v[i];
            for (var k = i + 1; k < n; k++)
            {
                sum -= _cholesky[(k * n) + i] * v[k];
            }

            v[i] = sum / _cholesky[(i * n) + i];
        }
    }

    private void CheckLength(ReadOnlySpan<double> x)
    {
        if (x.Length != _dimension)
        {
            throw new ArgumentException($"Expected {_dimension} features, got {x.Length}.", nameof(x));
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var sum = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            sum += a[i] * b[i];
        }

        return sum;
    }

    private static bool AllFinite(ReadOnlySpan<double> values)
    {
        foreach (var v in values)
        {
            if (!double.IsFinite(v))
            {
                return false;
            }
        }

        return true;
    }
}

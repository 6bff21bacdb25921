using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Agents.Bandit;

public sealed class BayesianLinearRegressionTests
{
    [Fact]
    public void PosteriorMean_RandomWeightedData_EqualsRidgeSolution()
    {
        var gen = Gen.Select(Gen.ULong, Gen.Int[1, 8], Gen.Int[0, 30], Gen.Double[0.1, 10.0]);
        Check.Sample(gen, t =>
        {
            var (seed, d, n, lambda) = t;
            var rng = new Rng(seed);
            var model = new BayesianLinearRegression(d, new BayesianLinearRegressionOptions { PriorPrecision = lambda, NoiseShape = 1.5, NoiseScale = 0.7 });
            var xs = new double[n][];
            var ys = new double[n];
            var weights = new double[n];
            for (var i = 0; i < n; i++)
            {
                xs[i] = RandomVector(ref rng, d, 2.0);
                ys[i] = rng.Uniform(-5, 5);
                weights[i] = i % 3 == 0 ? 1.0 : rng.Uniform(0, 2);
                model.Update(xs[i], ys[i], weights[i]);
            }

            var expected = WeightedRidge(xs, ys, weights, lambda, d);
            AssertClose(expected, model.PosteriorMean, 1e-8);

            // b_n = b0 + ½(Σ wᵢ(yᵢ − μ·xᵢ)² + λ‖μ‖²): the same posterior scale computed from residuals.
            var rss = 0.0;
            for (var i = 0; i < n; i++)
            {
                var r = ys[i] - Dot(expected, xs[i]);
                rss += weights[i] * r * r;
            }

            var expectedScale = 0.7 + (0.5 * (rss + (lambda * Dot(expected, expected))));
            Assert.Equal(expectedScale, model.PosteriorScale, 1e-8 * Math.Max(1, expectedScale));
            Assert.Equal(1.5 + (0.5 * weights.Sum()), model.PosteriorShape, 1e-9);
        }, iter: 200);
    }

    [Fact]
    public void Update_WithForgetting_EqualsRidgeWithGeometricallyDecayedWeights()
    {
        const double Gamma = 0.9;
        var rng = new Rng(8);
        var model = new BayesianLinearRegression(4, new BayesianLinearRegressionOptions { PriorPrecision = 2, Forgetting = Gamma });
        const int N = 40;
        var xs = new double[N][];
        var ys = new double[N];
        var weights = new double[N];
        for (var i = 0; i < N; i++)
        {
            xs[i] = RandomVector(ref rng, 4, 1.0);
            ys[i] = rng.Uniform(-3, 3);
            model.Update(xs[i], ys[i]);
        }

        for (var i = 0; i < N; i++)
        {
            weights[i] = Math.Pow(Gamma, N - 1 - i);
        }

        AssertClose(WeightedRidge(xs, ys, weights, 2, 4), model.PosteriorMean, 1e-9);
        Assert.Equal(weights.Sum(), model.EffectiveCount, 1e-9);
    }

    [Fact]
    public void PosteriorMean_ManyObservations_ConvergesToTruthAndCovarianceShrinks()
    {
        double[] truth = [1.0, -2.0, 0.5, 0.0, 3.0];
        double[] probe = [0.3, -0.2, 0.8, 1.0, -0.5];
        var rng = new Rng(3);
        var model = new BayesianLinearRegression(truth.Length);
        var x = new double[truth.Length];
        var leverageAt100 = 0.0;
        for (var i = 1; i <= 4_000; i++)
        {
            FillRandom(ref rng, x, 1.0);
            model.Update(x, Dot(truth, x) + (0.5 * rng.NextNormal()));
            if (i == 100)
            {
                leverageAt100 = model.Leverage(probe);
            }
        }

        AssertClose(truth, model.PosteriorMean, 0.05);
        Assert.True(model.Leverage(probe) < leverageAt100 / 20, "xᵀA⁻¹x should shrink roughly as 1/n.");
        Assert.Equal(0.25, model.ExpectedNoiseVariance, 0.025);
        Assert.Equal(Dot(truth, probe), model.Predict(probe), 0.05);
        Assert.Equal(model.ExpectedNoiseVariance * (1 + model.Leverage(probe)), model.PredictiveVariance(probe), 1e-12);
    }

    [Fact]
    public void SampleWeights_ManyDraws_MatchPosteriorMeanAndExpectedCovariance()
    {
        double[] truth = [0.5, -1.0, 2.0];
        var rng = new Rng(11);
        var model = new BayesianLinearRegression(3, new BayesianLinearRegressionOptions { PriorPrecision = 0.5 });
        var x = new double[3];
        var xs = new List<double[]>();
        for (var i = 0; i < 20; i++)
        {
            FillRandom(ref rng, x, 1.0);
            model.Update(x, Dot(truth, x) + rng.NextNormal());
            xs.Add((double[])x.Clone());
        }

        var mu = model.PosteriorMean.ToArray();
        var covariance = Inverse(model.Precision.ToArray(), 3);
        var noise = model.ExpectedNoiseVariance;
        const int Draws = 100_000;
        var w = new double[3];
        var sum = new double[3];
        var outer = new double[9];
        var sampler = new Rng(12);
        for (var t = 0; t < Draws; t++)
        {
            model.SampleWeights(ref sampler, w);
            for (var i = 0; i < 3; i++)
            {
                var di = w[i] - mu[i];
                sum[i] += di;
                for (var j = 0; j < 3; j++)
                {
                    outer[(i * 3) + j] += di * (w[j] - mu[j]);
                }
            }
        }

        for (var i = 0; i < 3; i++)
        {
            var sd = Math.Sqrt(noise * covariance[(i * 3) + i]);
            Assert.InRange(sum[i] / Draws, -5 * sd / Math.Sqrt(Draws), 5 * sd / Math.Sqrt(Draws));
            for (var j = 0; j < 3; j++)
            {
                var scale = Math.Sqrt(noise * covariance[(i * 3) + i] * noise * covariance[(j * 3) + j]);
                Assert.Equal(noise * covariance[(i * 3) + j], outer[(i * 3) + j] / Draws, 0.03 * scale);
            }
        }
    }

    [Fact]
    public void Forgetting_AfterTruthChanges_TracksNewWeightsFaster()
    {
        double[] before = [2.0, -1.0, 0.5];
        double[] after = [-1.0, 1.5, 0.0];
        var rng = new Rng(21);
        var steady = new BayesianLinearRegression(3);
        var forgetful = new BayesianLinearRegression(3, new BayesianLinearRegressionOptions { Forgetting = 0.97 });
        var x = new double[3];
        for (var i = 0; i < 600; i++)
        {
            FillRandom(ref rng, x, 1.0);
            var truth = i < 400 ? before : after;
            var y = Dot(truth, x) + (0.3 * rng.NextNormal());
            steady.Update(x, y);
            forgetful.Update(x, y);
        }

        var steadyError = Distance(after, steady.PosteriorMean);
        var forgetfulError = Distance(after, forgetful.PosteriorMean);
        Assert.True(forgetfulError < 0.35, $"forgetful error {forgetfulError}");
        Assert.True(forgetfulError < steadyError / 3, $"forgetful {forgetfulError} vs steady {steadyError}");
    }

    [Fact]
    public void Restore_FromExportedState_GivesIdenticalPredictionsAndSamples()
    {
        var options = new BayesianLinearRegressionOptions { PriorPrecision = 0.8, NoiseShape = 3, NoiseScale = 2, Forgetting = 0.99 };
        var rng = new Rng(31);
        var original = new BayesianLinearRegression(28, options);
        var x = new double[28];
        for (var i = 0; i < 150; i++)
        {
            FillRandom(ref rng, x, 1.0);
            original.Update(x, rng.Uniform(-2, 2), rng.Uniform(0.5, 1.5));
        }

        var restored = new BayesianLinearRegression(28, options);
        restored.Restore(original.Precision.ToArray(), original.WeightedTargets.ToArray(), original.EffectiveCount, original.SumOfSquaredTargets);

        FillRandom(ref rng, x, 1.0);
        Assert.Equal(original.Predict(x), restored.Predict(x));
        Assert.Equal(original.PredictiveVariance(x), restored.PredictiveVariance(x));
        Assert.Equal(original.PosteriorMean.ToArray(), restored.PosteriorMean.ToArray());
        var a = new Rng(77);
        var b = new Rng(77);
        var wa = new double[28];
        var wb = new double[28];
        for (var t = 0; t < 20; t++)
        {
            original.SampleWeights(ref a, wa);
            restored.SampleWeights(ref b, wb);
            Assert.Equal(wa, wb);
        }
    }

    [Fact]
    public void Update_DuplicatedAndHugeFeatures_NeverProducesNaN()
    {
        var model = new BayesianLinearRegression(28, new BayesianLinearRegressionOptions { PriorPrecision = 1e-9, Forgetting = 0.95 });
        var x = new double[28];
        var rng = new Rng(4);
        var w = new double[28];
        for (var i = 0; i < 500; i++)
        {
            var v = rng.Uniform(-1e6, 1e6);
            x.AsSpan().Fill(v);
            model.Update(x, 3 * v);
            model.SampleWeights(ref rng, w);
            Assert.All(w, value => Assert.False(double.IsNaN(value)));
            Assert.False(double.IsNaN(model.Predict(x)));
            Assert.False(double.IsNaN(model.PredictiveVariance(x)));
        }

        Assert.All(model.PosteriorMean.ToArray(), value => Assert.True(double.IsFinite(value)));
    }

    [Fact]
    public void HotPath_UpdatePredictSample_AllocatesNothing()
    {
        var model = new BayesianLinearRegression(28, new BayesianLinearRegressionOptions { Forgetting = 0.99 });
        var x = new double[28];
        var w = new double[28];
        var rng = new Rng(6);
        FillRandom(ref rng, x, 1.0);
        model.Update(x, 1.0);
        model.SampleWeights(ref rng, w);
        _ = model.Predict(x) + model.PredictiveVariance(x) + model.SamplePrediction(ref rng, x);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 100; i++)
        {
            model.Update(x, 1.0, 0.5);
            model.SampleWeights(ref rng, w);
            _ = model.Predict(x) + model.PredictiveVariance(x) + model.SamplePrediction(ref rng, x);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    [Fact]
    public void Update_InvalidInput_Throws()
    {
        var model = new BayesianLinearRegression(2);
        Assert.Throws<ArgumentException>(() => model.Update(new double[3], 1));
        Assert.Throws<ArgumentException>(() => model.Update([1, double.NaN], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Update([1, 2], double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => model.Update([1, 2], 1, -1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new BayesianLinearRegression(2, new BayesianLinearRegressionOptions { Forgetting = 0 }));
        Assert.Throws<ArgumentException>(() => model.Restore(new double[3], new double[2], 0, 0));
    }

    private static double[] WeightedRidge(double[][] xs, double[] ys, double[] weights, double lambda, int d)
    {
        var a = new double[d * d];
        var b = new double[d];
        for (var i = 0; i < d; i++)
        {
            a[(i * d) + i] = lambda;
        }

        for (var n = 0; n < xs.Length; n++)
        {
            for (var i = 0; i < d; i++)
            {
                b[i] += weights[n] * ys[n] * xs[n][i];
                for (var j = 0; j < d; j++)
                {
                    a[(i * d) + j] += weights[n] * xs[n][i] * xs[n][j];
                }
            }
        }

        return Solve(a, b, d);
    }

    // Naive Gaussian elimination with partial pivoting: independent of the model's Cholesky path.
    private static double[] Solve(double[] matrix, double[] rhs, int d)
    {
        var a = (double[])matrix.Clone();
        var b = (double[])rhs.Clone();
        for (var col = 0; col < d; col++)
        {
            var pivot = col;
            for (var r = col + 1; r < d; r++)
            {
                if (Math.Abs(a[(r * d) + col]) > Math.Abs(a[(pivot * d) + col]))
                {
                    pivot = r;
                }
            }

            for (var c = 0; c < d; c++)
            {
                (a[(col * d) + c], a[(pivot * d) + c]) = (a[(pivot * d) + c], a[(col * d) + c]);
            }

            (b[col], b[pivot]) = (b[pivot], b[col]);
            for (var r = col + 1; r < d; r++)
            {
                var f = a[(r * d) + col] / a[(col * d) + col];
                for (var c = col; c < d; c++)
                {
                    a[(r * d) + c] -= f * a[(col * d) + c];
                }

                b[r] -= f * b[col];
            }
        }

        var x = new double[d];
        for (var r = d - 1; r >= 0; r--)
        {
            var s = b[r];
            for (var c = r + 1; c < d; c++)
            {
                s -= a[(r * d) + c] * x[c];
            }

            x[r] = s / a[(r * d) + r];
        }

        return x;
    }

    private static double[] Inverse(double[] matrix, int d)
    {
        var inverse = new double[d * d];
        for (var j = 0; j < d; j++)
        {
            var e = new double[d];
            e[j] = 1;
            var column = Solve(matrix, e, d);
            for (var i = 0; i < d; i++)
            {
                inverse[(i * d) + j] = column[i];
            }
        }

        return inverse;
    }

    private static void AssertClose(ReadOnlySpan<double> expected, ReadOnlySpan<double> actual, double tolerance)
    {
        Assert.Equal(expected.Length, actual.Length);
        for (var i = 0; i < expected.Length; i++)
        {
            Assert.True(
                Math.Abs(expected[i] - actual[i]) <= tolerance * Math.Max(1, Math.Abs(expected[i])),
                $"[{i}] expected {expected[i]}, got {actual[i]}");
        }
    }

    private static double[] RandomVector(ref Rng rng, int d, double range)
    {
        var v = new double[d];
        FillRandom(ref rng, v, range);
        return v;
    }

    private static void FillRandom(ref Rng rng, Span<double> v, double range)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = rng.Uniform(-range, range);
        }
    }

    private static double Dot(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += a[i] * b[i];
        }

        return s;
    }

    private static double Distance(ReadOnlySpan<double> a, ReadOnlySpan<double> b)
    {
        var s = 0.0;
        for (var i = 0; i < a.Length; i++)
        {
            s += (a[i] - b[i]) * (a[i] - b[i]);
        }

        return Math.Sqrt(s);
    }
}

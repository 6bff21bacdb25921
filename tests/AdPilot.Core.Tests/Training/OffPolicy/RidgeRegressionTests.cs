using AdPilot.Core.Training.OffPolicy;

namespace AdPilot.Core.Tests.Training.OffPolicy;

public sealed class RidgeRegressionTests
{
    [Fact]
    public void Fit_NoPenalty_RecoversAnExactLinearRelation()
    {
        double[][] x = [[0, 1], [1, 0], [2, 3], [3, 1], [4, 4]];
        double[] y = [.. x.Select(r => 3 + (2 * r[0]) - r[1])];

        var model = RidgeRegression.Fit(x, y, lambda: 0);

        Assert.Equal(3 + 10 - 7, model.Predict([5, 7]), 1e-6);
        Assert.Equal(y.Average(), model.Intercept, 1e-12);
    }

    [Fact]
    public void Fit_PenaltyEqualToTheSampleCount_HalvesTheSlopeOfOneFeature()
    {
        // x = 1, 2, 3 standardise (population sd √(2/3)) to z = −1.2247, 0, 1.2247 with Σ z² = 3; y − ȳ = −2, 0, 2, so
        // Σ z (y − ȳ) = 4.899 and β = 4.899 / (3 + λ). With λ = 3, β = 0.8165 and the prediction at x = 3 is 4 + 0.8165 · 1.2247 = 5,
        // halfway between the mean 4 and the exact fit 6.
        var model = RidgeRegression.Fit([[1.0], [2.0], [3.0]], [2.0, 4.0, 6.0], lambda: 3);

        Assert.Equal(5, model.Predict([3.0]), 1e-9);
        Assert.Equal(3, model.Predict([1.0]), 1e-9);
    }

    [Fact]
    public void Fit_ConstantFeature_GetsNoWeight_AndNoSamples_PredictZero()
    {
        var model = RidgeRegression.Fit([[7.0, 1.0], [7.0, 2.0], [7.0, 3.0]], [1.0, 2.0, 3.0], lambda: 0);
        var empty = RidgeRegression.Fit([], [], lambda: 1);

        Assert.Equal(2, model.Predict([100.0, 2.0]), 1e-6);
        Assert.Equal(0, empty.Predict([1.0, 2.0]));
    }

    [Fact]
    public void FitBest_ExactRelation_PicksTheLightestPenalty_PureNoise_TheHeaviest()
    {
        var x = Enumerable.Range(0, 40).Select(i => new[] { (double)(i % 7), (double)((i * 5) % 11) }).ToArray();
        double[] exact = [.. x.Select(r => 1 + r[0] - (2 * r[1]))];
        var rng = new AdPilot.Core.Simulation.Rng(3);
        double[] noise = [.. x.Select(_ => rng.NextNormal())];

        var fitted = RidgeRegression.FitBest(x, exact, [0.0001, 1000]);
        var shrunk = RidgeRegression.FitBest(x, noise, [0.0001, 1000]);

        // Exact data: the light penalty's fit reproduces the relation. Noise: the heavy penalty predicts close to the mean.
        Assert.Equal(1 + 3 - 8, fitted.Predict([3.0, 4.0]), 1e-3);
        Assert.Equal(noise.Average(), shrunk.Predict([6.0, 0.0]), 0.1);
        Assert.Throws<ArgumentOutOfRangeException>(() => RidgeRegression.FitBest(x, exact, []));
    }

    [Fact]
    public void Fit_InvalidInput_Throws()
    {
        Assert.Throws<ArgumentException>(() => RidgeRegression.Fit([[1.0], [1.0, 2.0]], [1.0, 2.0], 1));
        Assert.Throws<ArgumentException>(() => RidgeRegression.Fit([[double.NaN]], [1.0], 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => RidgeRegression.Fit([[1.0]], [1.0], -1));
        Assert.Throws<ArgumentException>(() => RidgeRegression.Fit([[1.0]], [1.0, 2.0], 1));
    }
}

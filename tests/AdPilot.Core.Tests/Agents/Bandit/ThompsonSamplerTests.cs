using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Agents.Bandit;

public sealed class ThompsonSamplerTests
{
    private static readonly double[][] Truths = [[0.0, 0.5, -0.3], [1.5, 0.5, -0.3]];

    [Fact]
    public void SelectArm_OneArmClearlyBetter_PicksItAlmostAlwaysAfterEnoughData()
    {
        var (choices, finalPropensities) = RunBandit(seed: 41, rounds: 400);

        var lateBest = choices.Skip(300).Count(arm => arm == 1);
        Assert.True(lateBest >= 97, $"picked the better arm {lateBest} of the last 100 times");
        Assert.True(finalPropensities[1] > 0.97, $"propensity {finalPropensities[1]}");
    }

    [Fact]
    public void RunBandit_SameSeed_IsDeterministic()
    {
        var first = RunBandit(seed: 7, rounds: 120);
        var second = RunBandit(seed: 7, rounds: 120);

        Assert.Equal(first.Choices, second.Choices);
        Assert.Equal(first.Propensities, second.Propensities);
    }

    [Fact]
    public void EstimatePropensities_MixedPosterior_SumToOneAndMatchChoiceFrequencies()
    {
        var models = new[] { new BayesianLinearRegression(2), new BayesianLinearRegression(2), new BayesianLinearRegression(2) };
        var rng = new Rng(5);
        double[] means = [0.2, 0.5, 0.4];
        for (var k = 0; k < models.Length; k++)
        {
            for (var i = 0; i < 6; i++)
            {
                models[k].Update([1.0, rng.Uniform(-1, 1)], means[k] + (0.5 * rng.NextNormal()));
            }
        }

        double[] contexts = [1.0, 0.1, 1.0, 0.1, 1.0, 0.1];
        var propensities = new double[3];
        var estimator = new Rng(100);
        const int Draws = 20_000;
        ThompsonSampler.EstimatePropensities(models, contexts, ref estimator, Draws, propensities);

        var counts = new int[3];
        var chooser = new Rng(200);
        for (var t = 0; t < Draws; t++)
        {
            counts[ThompsonSampler.SelectArm(models, contexts, ref chooser)]++;
        }

        Assert.Equal(1.0, propensities.Sum(), 1e-12);
        for (var k = 0; k < 3; k++)
        {
            Assert.True(propensities[k] > 0.02, "the posterior is mixed, so every arm is chosen sometimes");
            Assert.Equal((double)counts[k] / Draws, propensities[k], 0.02);
        }
    }

    [Fact]
    public void EstimatePropensities_ArmNeverChosen_GetsAddOneProbability()
    {
        var strong = new BayesianLinearRegression(1);
        var weak = new BayesianLinearRegression(1);
        for (var i = 0; i < 200; i++)
        {
            strong.Update([1.0], 10.0);
            weak.Update([1.0], -10.0);
        }

        var propensities = new double[2];
        var rng = new Rng(9);
        ThompsonSampler.EstimatePropensities([strong, weak], [1.0, 1.0], ref rng, 98, propensities);

        Assert.Equal([0.99, 0.01], propensities, (a, b) => Math.Abs(a - b) < 1e-12);
    }

    [Fact]
    public void SelectArm_MismatchedContexts_Throws()
    {
        var models = new[] { new BayesianLinearRegression(2), new BayesianLinearRegression(2) };
        Assert.Throws<ArgumentException>(() =>
        {
            var rng = new Rng(1);
            ThompsonSampler.SelectArm(models, new double[3], ref rng);
        });
    }

    private static (int[] Choices, double[] Propensities) RunBandit(ulong seed, int rounds)
    {
        var models = new[] { new BayesianLinearRegression(3), new BayesianLinearRegression(3) };
        var agent = Rng.ForStream(seed, 1);
        var market = Rng.ForStream(seed, 2);
        var contexts = new double[6];
        var choices = new int[rounds];
        for (var t = 0; t < rounds; t++)
        {
            var x1 = market.Uniform(-1, 1);
            var x2 = market.Uniform(-1, 1);
            for (var k = 0; k < 2; k++)
            {
                contexts[(k * 3) + 0] = 1.0;
                contexts[(k * 3) + 1] = x1;
                contexts[(k * 3) + 2] = x2;
            }

            var arm = ThompsonSampler.SelectArm(models, contexts, ref agent);
            var x = contexts.AsSpan(arm * 3, 3);
            var truth = Truths[arm];
            var reward = (truth[0] * x[0]) + (truth[1] * x[1]) + (truth[2] * x[2]) + (0.5 * market.NextNormal());
            models[arm].Update(x, reward);
            choices[t] = arm;
        }

        var propensities = new double[2];
        double[] probe = [1.0, 0.2, -0.4, 1.0, 0.2, -0.4];
        ThompsonSampler.EstimatePropensities(models, probe, ref agent, 2_000, propensities);
        return (choices, propensities);
    }
}

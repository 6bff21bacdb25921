using AdPilot.Core.Agents.Dqn;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class AdamTests
{
    [Fact]
    public void Update_FiveSteps_MatchesNaiveScalarLoop()
    {
        var options = new AdamOptions { LearningRate = 0.01f, Beta1 = 0.8f, Beta2 = 0.95f, Epsilon = 1e-6f };
        var adam = new Adam(7, options);
        float[] parameters = [0.5f, -1f, 2f, 0f, 3f, -0.25f, 1e-3f];
        var reference = parameters.Select(p => (double)p).ToArray();
        var m = new double[7];
        var v = new double[7];
        float[][] gradients =
        [
            [0.1f, -0.2f, 3f, 0f, -1f, 0.5f, 1e-4f],
            [0.2f, 0.2f, -3f, 0f, -1f, 0.4f, 2e-4f],
            [-0.1f, 0.0f, 2f, 0f, -1f, 0.3f, -1e-4f],
            [0.3f, -0.5f, 1f, 0f, -1f, 0.2f, 5e-4f],
            [0.0f, 0.1f, 0f, 0f, -1f, 0.1f, 0f],
        ];

        for (var t = 1; t <= gradients.Length; t++)
        {
            adam.Update(parameters, gradients[t - 1]);
            for (var i = 0; i < reference.Length; i++)
            {
                double g = gradients[t - 1][i];
                m[i] = (options.Beta1 * m[i]) + ((1 - options.Beta1) * g);
                v[i] = (options.Beta2 * v[i]) + ((1 - options.Beta2) * g * g);
                var mHat = m[i] / (1 - Math.Pow(options.Beta1, t));
                var vHat = v[i] / (1 - Math.Pow(options.Beta2, t));
                reference[i] -= options.LearningRate * mHat / (Math.Sqrt(vHat) + options.Epsilon);
            }

            for (var i = 0; i < reference.Length; i++)
            {
                Assert.Equal(reference[i], parameters[i], 1e-5);
                Assert.Equal(m[i], adam.FirstMoment[i], 1e-6);
                Assert.Equal(v[i], adam.SecondMoment[i], 1e-6);
            }
        }

        Assert.Equal(5, adam.StepCount);
    }

    [Fact]
    public void Update_FirstStep_MovesEachParameterByTheLearningRate()
    {
        // Bias correction makes the first step ±α whatever the gradient's scale: the point of the correction.
        var adam = new Adam(3, new AdamOptions { LearningRate = 0.1f });
        float[] parameters = [1f, 1f, 1f];

        adam.Update(parameters, [1e-3f, -50f, 2f]);

        Assert.Equal(0.9f, parameters[0], 1e-4f);
        Assert.Equal(1.1f, parameters[1], 1e-4f);
        Assert.Equal(0.9f, parameters[2], 1e-4f);
    }

    [Fact]
    public void Reset_AfterSteps_ForgetsMomentsAndCount()
    {
        var adam = new Adam(2, new AdamOptions());
        float[] parameters = [0f, 0f];
        adam.Update(parameters, [1f, 1f]);

        adam.Reset();

        Assert.Equal(0, adam.StepCount);
        Assert.True(adam.FirstMoment.SequenceEqual([0f, 0f]));
        Assert.True(adam.SecondMoment.SequenceEqual([0f, 0f]));
    }

    [Fact]
    public void Options_Defaults_AreThePaperValues()
    {
        var options = new AdamOptions();

        Assert.Equal(1e-3f, options.LearningRate);
        Assert.Equal(0.9f, options.Beta1);
        Assert.Equal(0.999f, options.Beta2);
        Assert.Equal(1e-8f, options.Epsilon);
    }
}

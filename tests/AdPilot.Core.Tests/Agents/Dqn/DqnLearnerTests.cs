using AdPilot.Core.Agents.Dqn;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class DqnLearnerTests
{
    private static readonly float[] S0 = [1f, 0f];
    private static readonly float[] S1 = [0f, 1f];

    [Fact]
    public void TrainStep_TwoStateChain_LearnsAnalyticQValues()
    {
        // From either state, action 0 moves to the other state for nothing and action 1 ends the episode paying
        // 1 (in s0) or 2 (in s1). With γ = 0.9: V(s1) = 2, Q(s0, 0) = 1.8 = V(s0), Q(s1, 0) = 0.9·1.8 = 1.62.
        var learner = NewLearner(seed: 3);

        for (var step = 0; step < 2500; step++)
        {
            learner.TrainStep();
        }

        var q0 = learner.QValues(S0).ToArray();
        var q1 = learner.QValues(S1).ToArray();
        Assert.Equal(1.8, q0[0], 0.08);
        Assert.Equal(1.0, q0[1], 0.08);
        Assert.Equal(1.62, q1[0], 0.08);
        Assert.Equal(2.0, q1[1], 0.08);
    }

    [Fact]
    public void TrainStep_SameSeed_SameParametersBitForBit()
    {
        var a = NewLearner(seed: 11);
        var b = NewLearner(seed: 11);
        var c = NewLearner(seed: 12);
        for (var step = 0; step < 60; step++)
        {
            Assert.Equal(a.TrainStep(), b.TrainStep());
            c.TrainStep();
        }

        Assert.True(a.Online.Parameters.SequenceEqual(b.Online.Parameters));
        Assert.True(a.Target.Parameters.SequenceEqual(b.Target.Parameters));
        Assert.False(a.Online.Parameters.SequenceEqual(c.Online.Parameters));
    }

    [Fact]
    public void TrainStep_AtInterval_CopiesOnlineIntoTarget()
    {
        var learner = NewLearner(seed: 5);
        for (var step = 0; step < 49; step++)
        {
            learner.TrainStep();
        }

        Assert.False(learner.Target.Parameters.SequenceEqual(learner.Online.Parameters));
        learner.TrainStep();
        Assert.True(learner.Target.Parameters.SequenceEqual(learner.Online.Parameters));
    }

    private static DqnLearner NewLearner(ulong seed)
    {
        var options = new DqnLearnerOptions
        {
            HiddenSizes = [32, 32],
            BatchSize = 32,
            ReplayCapacity = 1000,
            Gamma = 0.9f,
            TargetUpdateInterval = 50,
            Adam = new AdamOptions { LearningRate = 2e-3f },
            Seed = seed,
        };
        var learner = new DqnLearner(2, 2, options);
        for (var copy = 0; copy < 25; copy++)
        {
            learner.Observe(S0, 0, 0f, S1, done: false);
            learner.Observe(S0, 1, 1f, S0, done: true);
            learner.Observe(S1, 0, 0f, S0, done: false);
            learner.Observe(S1, 1, 2f, S1, done: true);
        }

        return learner;
    }
}

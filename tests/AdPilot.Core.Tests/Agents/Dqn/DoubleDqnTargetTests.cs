using AdPilot.Core.Agents.Dqn;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class DoubleDqnTargetTests
{
    [Fact]
    public void Compute_HandBatch_OnlineChoosesTargetValues()
    {
        float[] rewards = [1f, 0f, -2f];
        float[] dones = [0f, 0f, 1f];
        float[] onlineNextQ = [0.1f, 0.9f, 0.5f, /**/ 3f, 2f, 1f, /**/ 9f, 0f, 0f];
        float[] targetNextQ = [5f, 2f, 7f, /**/ -1f, 4f, 4f, /**/ 100f, 100f, 100f];
        var targets = new float[3];

        DoubleDqnTarget.Compute(rewards, dones, onlineNextQ, targetNextQ, 3, 0.9f, targets);

        // Row 0: online picks action 1, so 1 + 0.9·2 (not the target's max 7). Row 1: action 0: 0 + 0.9·(−1).
        // Row 2 ended the episode: the reward alone.
        Assert.Equal(2.8f, targets[0], 1e-6f);
        Assert.Equal(-0.9f, targets[1], 1e-6f);
        Assert.Equal(-2f, targets[2]);
    }

    [Fact]
    public void Compute_Tie_TakesLowestAction()
    {
        var targets = new float[1];

        DoubleDqnTarget.Compute([0f], [0f], [1f, 1f], [3f, 5f], 2, 1f, targets);

        Assert.Equal(3f, targets[0]);
    }
}

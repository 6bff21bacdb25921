using AdPilot.Core.Agents.Dqn;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class HuberLossTests
{
    [Theory]
    [InlineData(0.5f, 1f, 0.125f, 0.5f)]
    [InlineData(-0.5f, 1f, 0.125f, -0.5f)]
    [InlineData(1f, 1f, 0.5f, 1f)]
    [InlineData(3f, 1f, 2.5f, 1f)]
    [InlineData(-3f, 1f, 2.5f, -1f)]
    [InlineData(3f, 2f, 4f, 2f)]
    [InlineData(1.5f, 2f, 1.125f, 1.5f)]
    public void ValueAndDerivative_InsideAndBeyondDelta_MatchTheDefinition(float error, float delta, float loss, float slope)
    {
        Assert.Equal(loss, HuberLoss.Value(error, delta), 1e-6f);
        Assert.Equal(slope, HuberLoss.Derivative(error, delta), 1e-6f);
    }

    [Fact]
    public void ChosenActionLoss_Batch_MeansLossAndGradsOnlyChosenActions()
    {
        float[] q = [1f, 2f, 3f, /**/ 0f, 0f, 0f];
        int[] actions = [1, 2];
        float[] targets = [1.5f, 4f];
        var gradient = Enumerable.Repeat(9f, 6).ToArray();

        var loss = HuberLoss.ChosenActionLoss(q, 3, actions, targets, 1f, gradient);

        // Errors +0.5 (quadratic: 0.125) and −4 (linear: 3.5); mean 1.8125; gradients 0.5/2 and −1/2.
        Assert.Equal(1.8125f, loss, 1e-6f);
        Assert.Equal([0f, 0.25f, 0f, 0f, 0f, -0.5f], gradient);
    }
}

using AdPilot.Core.Agents.Dqn;

namespace AdPilot.Core.Tests.Agents.Dqn;

public sealed class GradientClippingTests
{
    [Fact]
    public void ClipByGlobalNorm_AboveMax_ScalesToMaxKeepingDirection()
    {
        float[] gradients = [3f, 0f, -4f, 12f];

        var norm = GradientClipping.ClipByGlobalNorm(gradients, 6.5f);

        Assert.Equal(13f, norm, 1e-5f);
        Assert.Equal([1.5f, 0f, -2f, 6f], gradients.Select(g => MathF.Round(g, 5)).ToArray());
        Assert.Equal(6.5, Math.Sqrt(gradients.Sum(g => (double)g * g)), 1e-5);
    }

    [Fact]
    public void ClipByGlobalNorm_BelowMax_LeavesGradientsAlone()
    {
        float[] gradients = [0.3f, -0.4f];

        var norm = GradientClipping.ClipByGlobalNorm(gradients, 1f);

        Assert.Equal(0.5f, norm, 1e-6f);
        Assert.Equal([0.3f, -0.4f], gradients);
    }
}

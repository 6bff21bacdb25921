using System.Reflection;
using AdPilot.Core.Features;
using AdPilot.Core.Simulation;

namespace AdPilot.Core.Tests.Features;

public sealed class FeatureScalesTests
{
    [Theory]
    [InlineData("ObservedDecay", FeatureScales.ObservedHalfLifeHours)]
    [InlineData("CpmDecay", FeatureScales.CpmBaselineHalfLifeHours)]
    public void SimulatorDecays_MatchTheSharedHalfLives(string field, double halfLifeHours)
    {
        // The simulator keeps its decays as literals in its hot loop; this pins them to the featurizer's half-lives.
        var decay = (double)typeof(SimulatedEnvironment).GetField(field, BindingFlags.NonPublic | BindingFlags.Static)!.GetRawConstantValue()!;

        Assert.Equal(ShrunkEwma.DecayPerHour(halfLifeHours), decay, 5);
    }
}

using AdPilot.Core.Simulation;

namespace AdPilot.Runtime.Tests.Retraining;

/// <summary>Small worlds for the retraining's end-to-end tests.</summary>
internal static class RetrainingWorld
{
    /// <summary>A default-family store of two ad sets, one on each platform, so both configured accounts have one.</summary>
    public static Scenario TwoPlatforms() =>
        Enumerable.Range(1, 100)
            .Select(seed => DefaultFamily.Sample((ulong)seed, 2))
            .First(s => s.AdSets.Select(a => a.Platform).Distinct().Count() == 2);
}

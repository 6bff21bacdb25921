using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;

namespace AdPilot.Sandbox.Tests.Creatives;

public sealed class SandboxAdsTests
{
    [Fact]
    public void Ads_AtStart_TheStartingTypeIsActiveAndTheOthersAndTheTeaserPaused()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        foreach (var adSet in world.AdSets)
        {
            var start = world.Scenario.AdSets[adSet.Index].CreativeType;
            var ads = world.AdsOf(adSet.Index);
            Assert.Equal(6, ads.Count);
            Assert.All(ads, ad => Assert.Equal(
                ad.Type == start && !ad.Name.StartsWith("spring", StringComparison.Ordinal) ? AdSetStatus.Active : AdSetStatus.Paused,
                world.AdStatusOf(ad.Index)));
            Assert.Equal(start, world.ServedCreativeOf(adSet.Index));
        }

        Assert.Equal(world.Ads.Count, world.Ads.Select(a => a.Id).Distinct().Count());
    }

    [Fact]
    public void Advance_NoActiveAd_TheAdSetDeliversNothing()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        var adSet = world.AdSets[0];
        foreach (var ad in world.AdsOf(adSet.Index))
        {
            world.ChangeAdStatus(ad.Index, AdSetStatus.Paused);
        }

        var from = world.Clock.GetUtcNow();
        world.Advance(12);

        Assert.Null(world.ServedCreativeOf(adSet.Index));
        Assert.All(world.HoursBetween(from, world.Clock.GetUtcNow()).Where(h => h.AdSetIndex == adSet.Index), h => Assert.Equal(0m, h.Spend.Amount));
        Assert.Contains(world.HoursBetween(from, world.Clock.GetUtcNow()), h => h.AdSetIndex != adSet.Index && h.Spend.Amount > 0);
    }

    [Fact]
    public void Advance_RotationOfAFatiguedAdSet_EarnsMoreThanNotRotatingOnTheSameSeed()
    {
        var scenario = DefaultFamily.Preset();
        var rotated = new SandboxWorld(scenario);
        var kept = new SandboxWorld(scenario);
        rotated.Advance(FatigueHours);
        kept.Advance(FatigueHours);
        var (adSet, target) = MostFatigued(rotated);
        Assert.True(rotated.FatigueOf(adSet, rotated.ServedCreativeOf(adSet)!.Value) < 0.7, "the ad set's running type should be fatigued by now");

        Rotate(rotated, adSet, target);
        var from = rotated.Clock.GetUtcNow();
        rotated.Advance(CompareHours);
        kept.Advance(CompareHours);
        var to = rotated.Clock.GetUtcNow();

        Assert.Equal(target, rotated.ServedCreativeOf(adSet));
        var withRotation = Revenue(rotated, adSet, from, to);
        var without = Revenue(kept, adSet, from, to);
        Assert.True(withRotation > without * 1.05, $"rotation earned {withRotation:0.00}, keeping the fatigued type {without:0.00}");
    }

    internal const int FatigueHours = 24 * 21;

    internal const int CompareHours = 24 * 7;

    /// <summary>
    /// The ad set whose running type has lost the most to fatigue, and the other type whose click-through is now the best
    /// (fresh rate × its own fatigue): what a policy that knew the world would rotate to.
    /// </summary>
    internal static (int AdSet, CreativeType Target) MostFatigued(SandboxWorld world)
    {
        var adSet = world.AdSets.MinBy(a => world.FatigueOf(a.Index, world.ServedCreativeOf(a.Index)!.Value))!.Index;
        var p = world.Scenario.AdSets[adSet];
        var running = world.ServedCreativeOf(adSet)!.Value;
        var target = Enum.GetValues<CreativeType>().Where(t => t != running).MaxBy(t => p.CtrByCreative[t] * world.FatigueOf(adSet, t));
        return (adSet, target);
    }

    private static void Rotate(SandboxWorld world, int adSet, CreativeType target)
    {
        foreach (var ad in world.AdsOf(adSet).Where(a => !a.Name.StartsWith("spring", StringComparison.Ordinal)))
        {
            world.ChangeAdStatus(ad.Index, ad.Type == target ? AdSetStatus.Active : AdSetStatus.Paused);
        }
    }

    internal static double Revenue(SandboxWorld world, int adSet, DateTimeOffset from, DateTimeOffset to)
    {
        var hours = world.HoursBetween(from, to);
        var truth = world.TruthBetween(from, to);
        return hours.Select((h, k) => (h, k)).Where(x => x.h.AdSetIndex == adSet).Sum(x => truth[x.k].Revenue);
    }
}

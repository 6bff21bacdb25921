using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests;

/// <summary>Copies of ad sets made while the world runs (<see cref="SandboxWorld.CloneAdSet"/>), and targeting changes.</summary>
public sealed class SandboxWorldCloneTests
{
    [Theory]
    [InlineData(Platform.Instagram)]
    [InlineData(Platform.TikTok)]
    public void CloneAdSet_AddsAnAdSetInTheOriginalsStyleWithCopiesOfItsAds(Platform platform)
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(5);
        var original = world.AdSets.First(a => a.Ref.Platform == platform);
        var ads = world.AdsOf(original.Index);
        world.ChangeAdStatus(ads[^1].Index, AdSetStatus.Active);
        var count = world.AdSets.Count;

        var copy = world.CloneAdSet(original.Index, "copy B", new AdSetTargeting(AgeGroup.Age45To54, Interests.Home), original.MinDailyBudget, AdSetStatus.Paused);

        Assert.Equal(count, copy.Index);
        Assert.Equal(count + 1, world.AdSets.Count);
        Assert.Equal(original.Index, copy.CopyOf);
        Assert.Equal(platform, copy.Ref.Platform);
        Assert.Equal(original.Ref.ExternalId.Length, copy.Ref.ExternalId.Length);
        Assert.All(copy.Ref.ExternalId, c => Assert.True(char.IsAsciiDigit(c)));
        Assert.DoesNotContain(world.AdSets.Take(count), a => a.Ref == copy.Ref);
        Assert.Same(copy, world.Find(platform, copy.Ref.ExternalId));
        Assert.Equal("copy B", world.NameOf(copy.Index));
        Assert.Equal(new AdSetSettings(original.MinDailyBudget, AdSetStatus.Paused, world.SettingsOf(original.Index).Bid), world.SettingsOf(copy.Index));
        Assert.Equal(new AdSetTargeting(AgeGroup.Age45To54, Interests.Home), world.TargetingOf(copy.Index));

        var copied = world.AdsOf(copy.Index);
        Assert.Equal(ads.Select(a => (a.Name, a.Type, a.CreativeId)), copied.Select(a => (a.Name, a.Type, a.CreativeId)));
        Assert.Equal(ads.Select(a => world.AdStatusOf(a.Index)), copied.Select(a => world.AdStatusOf(a.Index)));
        Assert.All(copied, a => Assert.Same(a, world.FindAd(platform, a.Id)));
        Assert.Equal(world.Ads.Count, world.Ads.Select(a => a.Id).Distinct().Count());
        Assert.Equal(AgeGroup.Age45To54, world.CurrentStates()[copy.Index].TargetAgeGroup);
    }

    [Fact]
    public void CloneAdSet_WorldAdvances_TheOriginalsRecordsAreUnchangedAndTheCopyIsRecorded()
    {
        var plain = new SandboxWorld(DefaultFamily.Preset());
        var copied = new SandboxWorld(DefaultFamily.Preset());
        plain.Advance(20);
        copied.Advance(20);
        var original = copied.AdSets[0];
        var n = copied.AdSets.Count;
        var copy = copied.CloneAdSet(original.Index, "B", new AdSetTargeting(AgeGroup.Age18To24, Interests.Fashion), copied.SettingsOf(0).DailyBudget, AdSetStatus.Active);

        plain.Advance(60);
        copied.Advance(60);

        var end = plain.Clock.GetUtcNow();
        Assert.Equal(plain.HoursBetween(plain.StartUtc, end), copied.HoursBetween(copied.StartUtc, end).Where(h => h.AdSetIndex < n));
        Assert.Equal(plain.TruthBetween(plain.StartUtc, end), copied.TruthBetween(copied.StartUtc, end).Where((_, k) => k < 20 * n || (k - (20 * n)) % (n + 1) < n));
        var copyHours = copied.HoursBetween(copied.StartUtc, end).Where(h => h.AdSetIndex == copy.Index).ToList();
        Assert.Equal(60, copyHours.Count);
        Assert.True(copyHours.Sum(h => h.Spend.Amount) > 0);
        Assert.Equal(
            copyHours.Sum(h => h.ShopifyOrders),
            copied.Orders().Count(o => o.CausedBy == copy.Ref));
        Assert.Contains(copied.Orders(), o => o.UtmAdSet == copy.Ref);
    }

    [Fact]
    public void Retarget_ChangesTheSimulatedTargetingFromTheNextHourAndRestartsLearning()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(200);
        var before = world.CurrentStates()[0];
        var targeting = new AdSetTargeting(before.TargetAgeGroup == AgeGroup.Age55Plus ? AgeGroup.Age18To24 : AgeGroup.Age55Plus, Interests.Gaming);

        world.Retarget(0, targeting);
        world.Advance(1);

        var after = world.CurrentStates()[0];
        Assert.Equal((targeting.AgeGroup, targeting.Interests), (after.TargetAgeGroup, after.TargetInterests));
        Assert.True(after.InLearningPhase);
        Assert.Equal(targeting, world.TargetingOf(0));
    }

    [Fact]
    public void CloneAdSet_BadArguments_ThrowAndAddNothing()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        var original = world.AdSets[0];
        var count = world.AdSets.Count;
        var targeting = new AdSetTargeting(AgeGroup.Age25To34, Interests.None);

        Assert.Throws<ArgumentOutOfRangeException>(() => world.CloneAdSet(count, "x", targeting, 10m, AdSetStatus.Active));
        Assert.Throws<ArgumentOutOfRangeException>(() => world.CloneAdSet(0, "x", targeting, 0m, AdSetStatus.Active));
        Assert.Throws<ArgumentOutOfRangeException>(() => world.CloneAdSet(0, "x", targeting, original.MaxDailyBudget + 1, AdSetStatus.Active));
        Assert.Throws<ArgumentException>(() => world.CloneAdSet(0, " ", targeting, 10m, AdSetStatus.Active));
        Assert.Throws<ArgumentException>(() => world.CloneAdSet(0, "x", targeting with { AgeGroup = (AgeGroup)9 }, 10m, AdSetStatus.Active));
        Assert.Throws<ArgumentException>(() => world.Retarget(0, targeting with { Interests = (Interests)0x4000 }));

        Assert.Equal(count, world.AdSets.Count);
        world.Advance(1);
    }

    [Fact]
    public void Deal_SeveralAccounts_FilesACopyUnderItsOriginalsAccount()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        var metaSets = world.AdSets.Where(a => a.Ref.Platform == Platform.Instagram).ToArray();
        var copy = world.CloneAdSet(metaSets[1].Index, "B", new AdSetTargeting(AgeGroup.Age25To34, Interests.None), metaSets[1].MaxDailyBudget, AdSetStatus.Active);
        var copyOfCopy = world.CloneAdSet(copy.Index, "C", new AdSetTargeting(AgeGroup.Age25To34, Interests.Pets), metaSets[1].MaxDailyBudget, AdSetStatus.Active);

        var dealt = SandboxAccountIds.Deal(world, Platform.Instagram, 2);

        Assert.Equal(metaSets[1].Index, copyOfCopy.CopyOf);
        Assert.Equal([metaSets[1], copy, copyOfCopy], dealt[1].Where(a => a == metaSets[1] || a.CopyOf == metaSets[1].Index));
        Assert.DoesNotContain(copy, dealt[0]);
    }
}

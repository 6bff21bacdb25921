using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests;

/// <summary>The in-process platform's <see cref="IAdSetCloner"/>: copies made directly on the world.</summary>
public sealed class SimulatedAdPlatformCloneTests
{
    [Fact]
    public async Task CloneAdSetAsync_TwoAccounts_TheCopyIsInTheOriginalsAccountWithItsAdsAndDelivers()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = new SandboxWorld(DefaultFamily.Preset());
        var platform = new SimulatedAdPlatform(world, Platform.TikTok, accounts: 2);
        var second = platform.Accounts[1];
        var original = (await platform.GetAdSetsAsync(second, ct))[0];
        var request = new AdSetCloneRequest(original.AdSet, "exp-3 B", AgeGroup.Age18To24, Interests.Gaming, original.DailyBudget!.Value, AdSetStatus.Active);

        var copy = await platform.CloneAdSetAsync(second, request, ct);

        var listed = Assert.Single(await platform.GetAdSetsAsync(second, ct), a => a.AdSet == copy);
        Assert.Equal(("exp-3 B", AdSetStatus.Active, original.DailyBudget, original.CampaignId), (listed.Name, listed.Status, listed.DailyBudget, listed.CampaignId));
        Assert.DoesNotContain(await platform.GetAdSetsAsync(platform.Accounts[0], ct), a => a.AdSet == copy);
        var ads = await platform.GetAdsAsync(second, ct);
        Assert.Equal(ads.Where(a => a.AdSet == original.AdSet).Select(a => a.Name), ads.Where(a => a.AdSet == copy).Select(a => a.Name));
        Assert.Equal(new AdSetTargeting(AgeGroup.Age18To24, Interests.Gaming), world.TargetingOf(world.Find(Platform.TikTok, copy.ExternalId)!.Index));

        world.Advance(30);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(world.StartUtc, world.TimeZone).DateTime);
        var rows = await platform.GetHourlyInsightsAsync(second, day, ct);
        Assert.Contains(rows, r => r.AdSet == copy && r.Spend.Amount > 0);
        Assert.DoesNotContain(await platform.GetHourlyInsightsAsync(platform.Accounts[0], day, ct), r => r.AdSet == copy);
    }

    [Fact]
    public async Task CloneAdSetAsync_BadRequests_AreRejectedAndCopyNothing()
    {
        var ct = TestContext.Current.CancellationToken;
        var world = new SandboxWorld(DefaultFamily.Preset());
        var platform = new SimulatedAdPlatform(world, Platform.Instagram, accounts: 2);
        var original = world.AdSets.First(a => a.Ref.Platform == Platform.Instagram);
        var count = world.AdSets.Count;
        AdSetCloneRequest Request(decimal budget, AdSetRef? of = null) =>
            new(of ?? original.Ref, "x", AgeGroup.Age25To34, Interests.None, new Money(budget, world.Currency), AdSetStatus.Active);

        await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => platform.CloneAdSetAsync(platform.Accounts[0], Request(original.MaxDailyBudget + 1), ct));
        await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => platform.CloneAdSetAsync(platform.Accounts[0], Request(original.MinDailyBudget / 2), ct));
        await Assert.ThrowsAsync<PlatformRequestRejectedException>(
            () => platform.CloneAdSetAsync(platform.Accounts[0], Request(original.MinDailyBudget, new AdSetRef(Platform.Instagram, "404")), ct));
        await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => platform.CloneAdSetAsync(platform.Accounts[1], Request(original.MinDailyBudget), ct));

        Assert.Equal(count, world.AdSets.Count);
    }
}

using AdPilot.Connectors.Meta;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// A/B copies end to end: each connector clones an ad set over real HTTP on loopback against the sandbox, and the copy then
/// shows in the ad set list with its ads, gets its own insights as the world advances, and gets Shopify orders whose UTM
/// parameters name it.
/// </summary>
public sealed class AdSetCloneSandboxTests
{
    private const int Hours = 72;

    [Fact]
    public async Task CloneAdSetAsync_Meta_CopyIsListedDeliversAndGetsItsOwnOrders()
    {
        await using var shop = await ShopifySandbox.StartAsync();
        var server = shop.Server;
        using var services = Build(server, Platform.Instagram);
        var platform = services.GetRequiredService<MetaAdPlatform>();
        var account = new AdAccountRef(Platform.Instagram, server.Meta.AccountDigits, server.World.Currency);
        var original = server.Meta.AdSets[0];

        await CloneAndCheckAsync(shop, platform, account, original, server.Meta.CampaignId);
    }

    [Fact]
    public async Task CloneAdSetAsync_TikTok_CopyIsListedDeliversAndGetsItsOwnOrders()
    {
        await using var shop = await ShopifySandbox.StartAsync();
        var server = shop.Server;
        using var services = Build(server, Platform.TikTok);
        var platform = services.GetRequiredService<TikTokAdPlatform>();
        var account = new AdAccountRef(Platform.TikTok, server.TikTokAdvertiserIds[0], server.World.Currency);

        // Not the advertiser's first ad group, so the created ad group is provisionally another's market until its ads say whose.
        var original = server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok).ElementAt(1);
        var campaign = (await platform.GetAdSetsAsync(account, TestContext.Current.CancellationToken)).Single(a => a.AdSet == original.Ref).CampaignId;

        await CloneAndCheckAsync(shop, platform, account, original, campaign);
    }

    private static async Task CloneAndCheckAsync(ShopifySandbox shop, IAdPlatform platform, AdAccountRef account, SandboxAdSet original, string campaign)
    {
        var ct = TestContext.Current.CancellationToken;
        var world = shop.World;
        var budget = world.SettingsOf(original.Index).DailyBudget;
        var request = new AdSetCloneRequest(
            original.Ref, "exp-1 targeting B", AgeGroup.Age18To24, Interests.Fashion | Interests.Beauty, new Money(budget, world.Currency), AdSetStatus.Active);

        var copy = await ((IAdSetCloner)platform).CloneAdSetAsync(account, request, ct);

        // Listed like any ad set, in the original's campaign, with the requested name, budget and status.
        var listed = Assert.Single(await platform.GetAdSetsAsync(account, ct), a => a.AdSet == copy);
        Assert.Equal("exp-1 targeting B", listed.Name);
        Assert.Equal(new Money(budget, world.Currency), listed.DailyBudget);
        Assert.Equal(AdSetStatus.Active, listed.Status);
        Assert.Equal(campaign, listed.CampaignId);
        Assert.NotEqual(original.Ref, copy);

        // The pull reads the copy's targeting, and the original's unchanged, as the platform reports them.
        Assert.Equal(new AdSetTargetingRead(AgeGroup.Age18To24, Interests.Fashion | Interests.Beauty), listed.Targeting);
        var originalTargeting = world.TargetingOf(original.Index);
        Assert.Equal(
            new AdSetTargetingRead(originalTargeting.AgeGroup, originalTargeting.Interests),
            (await platform.GetAdSetsAsync(account, ct)).Single(a => a.AdSet == original.Ref).Targeting);

        // The world's copy: the original's market, the new targeting, copies of its ads with their names and statuses.
        var inWorld = world.Find(copy.Platform, copy.ExternalId)!;
        Assert.Equal(original.Index, inWorld.CopyOf);
        Assert.Equal(new AdSetTargeting(AgeGroup.Age18To24, Interests.Fashion | Interests.Beauty), world.TargetingOf(inWorld.Index));
        var ads = await ((IAdCreativePlatform)platform).GetAdsAsync(account, ct);
        Assert.Equal(
            ads.Where(a => a.AdSet == original.Ref).Select(a => (a.Name, a.Status)).Order(),
            ads.Where(a => a.AdSet == copy).Select(a => (a.Name, a.Status)).Order());
        Assert.DoesNotContain(ads.Where(a => a.AdSet == copy), a => ads.Any(o => o.AdSet == original.Ref && o.AdId == a.AdId));

        world.Advance(Hours);

        // Its own insights, as the world recorded them.
        var rows = new List<AdSetHourInsight>();
        foreach (var day in Days(world))
        {
            rows.AddRange(await platform.GetHourlyInsightsAsync(account, day, ct));
        }

        var copyRows = rows.Where(r => r.AdSet == copy).ToList();
        Assert.NotEmpty(copyRows);
        var recorded = world.HoursBetween(world.StartUtc, world.Clock.GetUtcNow()).Where(h => h.AdSetIndex == inWorld.Index).ToList();
        Assert.Equal(recorded.Sum(h => h.Spend.Amount), copyRows.Sum(r => r.Spend.Amount));
        Assert.Equal(recorded.Sum(h => h.Impressions), copyRows.Sum(r => r.Impressions));
        Assert.True(copyRows.Sum(r => r.Spend.Amount) > 0);

        // Shopify orders that carry the copy's id in their UTM parameters.
        var (orders, _) = await shop.PullAsync(world.StartUtc);
        var attributed = orders.Where(o => o.Landing.Utm.Content == copy.ExternalId).ToList();
        Assert.NotEmpty(attributed);
        Assert.Equal(world.Orders().Count(o => o.UtmAdSet == copy), attributed.Count);
    }

    /// <summary>The production registration of one platform's connector over in-memory configuration naming the sandbox.</summary>
    private static ServiceProvider Build(SandboxServer server, Platform platform)
    {
        var settings = platform == Platform.TikTok
            ? new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["TikTok:BaseUrl"] = new Uri(server.TikTokBaseUrl, "../").ToString(),
                ["TikTok:AccessToken"] = server.Credentials.TikTokAccessToken,
            }
            : new Dictionary<string, string?>(StringComparer.Ordinal)
            {
                ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
                ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
                ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
            };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        if (platform == Platform.TikTok)
        {
            services.AddTikTokConnector();
        }
        else
        {
            services.AddMetaConnector();
        }

        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    /// <summary>The local days the simulated hours so far touch.</summary>
    private static List<DateOnly> Days(SandboxWorld world)
    {
        var zone = world.TimeZone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(world.StartUtc, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(world.Clock.GetUtcNow().AddTicks(-1), zone).DateTime);
        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
    }
}

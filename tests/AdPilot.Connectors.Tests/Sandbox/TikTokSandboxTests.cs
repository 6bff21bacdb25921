using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// The TikTok connector end to end: real HTTP on loopback against an in-process sandbox, with the clients built from
/// configuration exactly as production builds them.
/// </summary>
public sealed class TikTokSandboxTests
{
    [Fact]
    public async Task GetHourlyInsightsRangeAsync_AfterSimulatedHours_MatchesTheWorldForEveryAdGroupToTheCent()
    {
        await using var server = await StartAsync();
        server.World.Advance(30);
        using var services = Build(server, ("TikTok:PageSize", "7"));
        var days = Days(server);

        var rows = await services.GetRequiredService<TikTokReportsClient>()
            .GetHourlyInsightsRangeAsync(Account(server), days[0], days[^1], TestContext.Current.CancellationToken);

        var expected = Expected(server);
        Assert.True(expected.Count > 7, "the pull must span several pages");
        Assert.True(days.Count >= 2, "the range must span several days");
        Assert.Equal(expected, Actual(rows));
        Assert.Equal(TikTokAdGroups(server).Select(a => a.Ref.ExternalId).Order(), rows.Select(r => r.AdSet.ExternalId).Distinct().Order());
    }

    [Fact]
    public async Task GetAdGroupsAsync_SmallPages_ReadsEveryAdGroupWithItsBudget()
    {
        await using var server = await StartAsync();
        using var services = Build(server, ("TikTok:PageSize", "1"));

        var adGroups = await services.GetRequiredService<TikTokAdGroupsClient>().GetAdGroupsAsync(Account(server), TestContext.Current.CancellationToken);

        var expected = TikTokAdGroups(server);
        Assert.Equal(expected.Select(a => a.Ref.ExternalId), adGroups.Select(a => a.AdSet.ExternalId));
        Assert.All(adGroups.Zip(expected), p =>
        {
            var settings = server.World.SettingsOf(p.Second.Index);
            Assert.Equal(new Money(settings.DailyBudget, server.World.Currency), p.First.DailyBudget);
            Assert.Equal(AdSetStatus.Active, p.First.Status);
            Assert.Equal(p.Second.Name, p.First.Name);
        });
    }

    [Fact]
    public async Task UpdateAdGroupAsync_BudgetAndStatus_ChangeTheWorldFromTheNextHour()
    {
        await using var server = await StartAsync();
        using var services = Build(server);
        var client = services.GetRequiredService<TikTokAdGroupsClient>();
        var groups = TikTokAdGroups(server);
        var raised = groups[0];
        var paused = groups[^1];
        var current = server.World.SettingsOf(raised.Index).DailyBudget;
        var budget = Math.Min(raised.MaxDailyBudget, Math.Round(current * 1.2m, 2));

        await client.UpdateAdGroupAsync(
            Account(server), new AdSetUpdate(raised.Ref, new Money(budget, server.World.Currency)), TestContext.Current.CancellationToken);
        await client.UpdateAdGroupAsync(Account(server), new AdSetUpdate(paused.Ref, Status: AdSetStatus.Paused), TestContext.Current.CancellationToken);
        var changedAt = server.World.Clock.GetUtcNow();
        server.World.Advance(2);

        Assert.Equal(budget, server.World.SettingsOf(raised.Index).DailyBudget);
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(paused.Index).Status);
        var next = server.World.HoursBetween(changedAt, server.World.Clock.GetUtcNow());
        Assert.All(next.Where(h => h.AdSetIndex == raised.Index), h => Assert.Equal(budget, h.DailyBudget.Amount));
        Assert.All(next.Where(h => h.AdSetIndex == paused.Index), h => Assert.Equal(0m, h.Spend.Amount));
        var snapshot = (await client.GetAdGroupsAsync(Account(server), TestContext.Current.CancellationToken)).ToDictionary(a => a.AdSet.ExternalId);
        Assert.Equal(AdSetStatus.Paused, snapshot[paused.Ref.ExternalId].Status);
        Assert.Equal(new Money(budget, server.World.Currency), snapshot[raised.Ref.ExternalId].DailyBudget);
    }

    [Fact]
    public async Task UpdateAdGroupAsync_BudgetOutsideTheRange_ThrowsRejectedKeepingRequestId()
    {
        await using var server = await StartAsync();
        using var services = Build(server);
        var group = TikTokAdGroups(server)[0];

        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => services.GetRequiredService<TikTokAdGroupsClient>().UpdateAdGroupAsync(
            Account(server), new AdSetUpdate(group.Ref, new Money(group.MaxDailyBudget + 1000m, server.World.Currency)),
            TestContext.Current.CancellationToken));

        Assert.Equal("40002", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_BadToken_ThrowsAuthenticationWithoutTheToken()
    {
        await using var server = await StartAsync();
        using var services = Build(server, ("TikTok:AccessToken", "wrong-tiktok-token"));

        var ex = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => services.GetRequiredService<TikTokReportsClient>()
            .GetHourlyInsightsAsync(Account(server), server.World.Scenario.StartDate, TestContext.Current.CancellationToken));

        Assert.Equal("40105", ex.Context.ErrorCode);
        Assert.False(string.IsNullOrEmpty(ex.Context.RequestId));
        Assert.DoesNotContain("wrong-tiktok-token", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task TikTokAdPlatform_ReadsAndUpdatesThroughIAdPlatform()
    {
        await using var server = await StartAsync();
        server.World.Advance(5);
        using var services = Build(server);
        IAdPlatform platform = services.GetRequiredService<TikTokAdPlatform>();
        var group = TikTokAdGroups(server)[0];
        server.World.Retarget(group.Index, new AdSetTargeting(AgeGroup.Age55Plus, Interests.Pets | Interests.Home));

        var adGroups = await platform.GetAdSetsAsync(Account(server), TestContext.Current.CancellationToken);
        var rows = await platform.GetHourlyInsightsAsync(Account(server), Days(server)[0], TestContext.Current.CancellationToken);
        await platform.UpdateAdSetAsync(Account(server), new AdSetUpdate(group.Ref, Status: AdSetStatus.Paused), TestContext.Current.CancellationToken);

        Assert.Equal(Platform.TikTok, platform.Platform);
        Assert.Equal(TikTokAdGroups(server).Count, adGroups.Count);
        Assert.Equal(new AdSetTargetingRead(AgeGroup.Age55Plus, Interests.Pets | Interests.Home), adGroups.Single(a => a.AdSet == group.Ref).Targeting);
        Assert.All(adGroups, a =>
        {
            var targeting = server.World.TargetingOf(server.World.Find(Platform.TikTok, a.AdSet.ExternalId)!.Index);
            Assert.Equal(new AdSetTargetingRead(targeting.AgeGroup, targeting.Interests), a.Targeting);
        });
        Assert.Equal(Expected(server), Actual(rows));
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(group.Index).Status);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_SeveralDays_EqualsTheSumsOfTheHourlyReads()
    {
        await using var server = await StartAsync();
        server.World.Advance(40);

        // Paused ad groups have hours without delivery in which purchases from earlier clicks still arrive.
        var paused = TikTokAdGroups(server).Take(2).ToList();
        paused.ForEach(a => server.World.Change(a.Index, s => s with { Status = AdSetStatus.Paused }));
        server.World.Advance(38);
        Assert.Contains(
            server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow()),
            h => paused.Any(a => a.Index == h.AdSetIndex) && h.Impressions == 0 && h.Spend.Amount == 0 && h.PlatformConversions > 0);
        using var services = Build(server, ("TikTok:PageSize", "7"));
        var client = services.GetRequiredService<TikTokReportsClient>();
        var days = Days(server);

        var daily = await client.GetDailyInsightsAsync(Account(server), days[0], days[^1], TestContext.Current.CancellationToken);
        var hourly = new List<AdSetHourInsight>();
        foreach (var day in days)
        {
            hourly.AddRange(await client.GetHourlyInsightsAsync(Account(server), day, TestContext.Current.CancellationToken));
        }

        Assert.True(days.Count >= 4, "the range must span several days");
        Assert.True(daily.Count > 7, "the daily read must span several pages");
        Assert.Equal(
            [.. hourly.GroupBy(h => (h.AdSet.ExternalId, h.Day))
                .Select(g => (g.Key.ExternalId, g.Key.Day, g.Sum(h => h.Spend.Amount), g.Sum(h => h.Impressions), g.Sum(h => h.Clicks), g.Sum(h => h.Conversions), g.Sum(h => h.ConversionValue?.Amount)))
                .Order()],
            daily.Select(d => (d.AdSet.ExternalId, d.Day, d.Spend.Amount, d.Impressions, d.Clicks, d.Conversions, d.ConversionValue?.Amount)).Order());
        Assert.All(daily, d => Assert.Equal(server.World.Currency, d.Spend.Currency));
    }

    private static Task<SandboxServer> StartAsync() =>
        SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);

    /// <summary>The production registration over in-memory configuration naming the sandbox.</summary>
    private static ServiceProvider Build(SandboxServer server, params (string Key, string Value)[] overrides)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            // TikTokOptions.BaseUrl is the API root without the version; the sandbox's URL carries v1.3.
            ["TikTok:BaseUrl"] = new Uri(server.TikTokBaseUrl, "../").ToString(),
            ["TikTok:AccessToken"] = server.Credentials.TikTokAccessToken,
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddTikTokConnector();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static AdAccountRef Account(SandboxServer server) => new(Platform.TikTok, server.TikTokAdvertiserIds[0], server.World.Currency);

    private static List<SandboxAdSet> TikTokAdGroups(SandboxServer server) => [.. server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok)];

    /// <summary>The local days the simulated hours so far touch.</summary>
    private static List<DateOnly> Days(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.StartUtc, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.Clock.GetUtcNow().AddTicks(-1), zone).DateTime);
        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
    }

    /// <summary>Every TikTok ad group hour with delivery, as the world recorded it, in advertiser-local days and hours.</summary>
    private static List<(string AdSet, DateOnly Day, int Hour, decimal Spend, long Impressions, long Clicks)> Expected(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        return [.. server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow())
            .Where(h => server.World.AdSets[h.AdSetIndex].Ref.Platform == Platform.TikTok && (h.Impressions > 0 || h.Spend.Amount > 0))
            .Select(h =>
            {
                var local = TimeZoneInfo.ConvertTime(h.HourStartUtc, zone).DateTime;
                return (server.World.AdSets[h.AdSetIndex].Ref.ExternalId, DateOnly.FromDateTime(local), local.Hour, h.Spend.Amount, h.Impressions, h.Clicks);
            })
            .Order()];
    }

    private static List<(string AdSet, DateOnly Day, int Hour, decimal Spend, long Impressions, long Clicks)> Actual(IEnumerable<AdSetHourInsight> rows) =>
        [.. rows.Select(r => (r.AdSet.ExternalId, r.Day, r.Hour, r.Spend.Amount, r.Impressions, r.Clicks)).Order()];
}

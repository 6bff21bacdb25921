using AdPilot.Connectors.Meta;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Meta;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>
/// The Meta connector end to end: real HTTP on loopback against an in-process sandbox, with the clients built from
/// configuration exactly as production builds them.
/// </summary>
public sealed class MetaSandboxTests
{
    [Fact]
    public async Task GetHourlyInsightsAsync_AfterSimulatedHours_MatchesTheWorldForEveryAdSetToTheCent()
    {
        await using var server = await StartAsync();
        server.World.Advance(30);
        using var services = Build(server, ("Meta:InsightsPageSize", "7"));
        var client = services.GetRequiredService<MetaInsightsClient>();

        var rows = new List<AdSetHourInsight>();
        foreach (var day in Days(server))
        {
            rows.AddRange(await client.GetHourlyInsightsAsync(Account(server), day, TestContext.Current.CancellationToken));
        }

        var expected = Expected(server);
        Assert.True(expected.Count > 7, "the pull must span several pages");
        Assert.Equal(expected, Actual(rows));
        Assert.Equal(server.Meta.AdSets.Select(a => a.Ref.ExternalId).Order(), rows.Select(r => r.AdSet.ExternalId).Distinct().Order());
        Assert.All(rows, r => Assert.Equal(server.World.Currency, r.Spend.Currency));
    }

    [Fact]
    public async Task GetHourlyInsightsRangeAsync_AsyncBackfill_MatchesTheSynchronousPerDayPull()
    {
        await using var server = await StartAsync();
        server.World.Advance(54);
        using var services = Build(server, ("Meta:InsightsPageSize", "25"));
        var client = services.GetRequiredService<MetaInsightsClient>();
        var days = Days(server);

        var backfill = await client.GetHourlyInsightsRangeAsync(Account(server), days[0], days[^1], TestContext.Current.CancellationToken);
        var perDay = new List<AdSetHourInsight>();
        foreach (var day in days)
        {
            perDay.AddRange(await client.GetHourlyInsightsAsync(Account(server), day, TestContext.Current.CancellationToken));
        }

        Assert.True(days.Count >= 3);
        Assert.Equal(Actual(perDay), Actual(backfill));
        Assert.Equal(Expected(server), Actual(backfill));
    }

    [Fact]
    public async Task GetAdSetsAsync_SmallPages_ReadsEveryAdSetWithItsBudgetAndBid()
    {
        await using var server = await StartAsync();
        using var services = Build(server, ("Meta:PageSize", "2"));

        var adSets = await services.GetRequiredService<MetaAdSetsClient>().GetAdSetsAsync(Account(server), TestContext.Current.CancellationToken);

        Assert.Equal(server.Meta.AdSets.Select(a => a.Ref.ExternalId), adSets.Select(a => a.AdSet.ExternalId));
        Assert.All(adSets.Zip(server.Meta.AdSets), p =>
        {
            var settings = server.World.SettingsOf(p.Second.Index);
            Assert.Equal(new Money(settings.DailyBudget, server.World.Currency), p.First.DailyBudget);
            Assert.Equal(AdSetStatus.Active, p.First.Status);
            Assert.Equal(server.Meta.CampaignId, p.First.CampaignId);
            Assert.Equal(p.Second.Name, p.First.Name);
            Assert.Equal(settings.Bid, p.First.BidStrategy);
            var targeting = server.World.TargetingOf(p.Second.Index);
            Assert.Equal(new AdSetTargetingRead(targeting.AgeGroup, targeting.Interests), p.First.Targeting);
        });
    }

    [Fact]
    public async Task UpdateAdSetAsync_BudgetBidAndStatus_ChangeTheWorldFromTheNextHour()
    {
        await using var server = await StartAsync();
        using var services = Build(server);
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var raised = server.Meta.AdSets[0];
        var paused = server.Meta.AdSets[1];
        var budget = NewBudget(server, raised);

        await client.UpdateAdSetAsync(
            Account(server), new AdSetUpdate(raised.Ref, new Money(budget, server.World.Currency), BidStrategy.CostCap(12.34m)),
            TestContext.Current.CancellationToken);
        await client.UpdateAdSetAsync(Account(server), new AdSetUpdate(paused.Ref, Status: AdSetStatus.Paused), TestContext.Current.CancellationToken);
        var changedAt = server.World.Clock.GetUtcNow();
        server.World.Advance(3);

        Assert.Equal(budget, server.World.SettingsOf(raised.Index).DailyBudget);
        Assert.Equal(BidStrategy.CostCap(12.34m), server.World.SettingsOf(raised.Index).Bid);
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(paused.Index).Status);
        var next = server.World.HoursBetween(changedAt, server.World.Clock.GetUtcNow());
        Assert.All(next.Where(h => h.AdSetIndex == raised.Index), h => Assert.Equal(budget, h.DailyBudget.Amount));
        Assert.All(next.Where(h => h.AdSetIndex == paused.Index), h => Assert.Equal(0m, h.Spend.Amount));
        var snapshot = (await client.GetAdSetsAsync(Account(server), TestContext.Current.CancellationToken)).ToDictionary(a => a.AdSet.ExternalId);
        Assert.Equal(AdSetStatus.Paused, snapshot[paused.Ref.ExternalId].Status);
        Assert.Equal(new Money(budget, server.World.Currency), snapshot[raised.Ref.ExternalId].DailyBudget);
    }

    [Fact]
    public async Task UpdateAdSetAsync_FifthBudgetChangeWithinAnHour_ThrowsChangeLimitAndLeavesTheBudget()
    {
        await using var server = await StartAsync();
        using var services = Build(server);
        var client = services.GetRequiredService<MetaAdSetsClient>();
        var adSet = server.Meta.AdSets[0];
        var original = server.World.SettingsOf(adSet.Index).DailyBudget;
        var other = NewBudget(server, adSet);
        for (var i = 0; i < MetaSandbox.BudgetChangesPerHour; i++)
        {
            await client.UpdateAdSetAsync(
                Account(server), new AdSetUpdate(adSet.Ref, new Money(i % 2 == 0 ? other : original, server.World.Currency)),
                TestContext.Current.CancellationToken);
        }

        var ex = await Assert.ThrowsAsync<PlatformChangeLimitException>(() => client.UpdateAdSetAsync(
            Account(server), new AdSetUpdate(adSet.Ref, new Money(other, server.World.Currency)), TestContext.Current.CancellationToken));

        Assert.Equal("17/2446079", ex.Context.ErrorCode);
        Assert.NotNull(ex.Context.RequestId);
        Assert.Equal(original, server.World.SettingsOf(adSet.Index).DailyBudget);
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, ex.ToString(), StringComparison.Ordinal);

        // A status change is not a budget change: the ad set still takes it.
        await client.UpdateAdSetAsync(Account(server), new AdSetUpdate(adSet.Ref, Status: AdSetStatus.Paused), TestContext.Current.CancellationToken);
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(adSet.Index).Status);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_BadToken_ThrowsAuthenticationWithoutTheToken()
    {
        await using var server = await StartAsync();
        using var services = Build(server, ("Meta:AccessToken", "EAA-wrong-token"));

        var ex = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => services.GetRequiredService<MetaInsightsClient>()
            .GetHourlyInsightsAsync(Account(server), server.World.Scenario.StartDate, TestContext.Current.CancellationToken));

        Assert.Equal("190", ex.Context.ErrorCode);
        Assert.DoesNotContain("EAA-wrong-token", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetAdSetsAsync_WrongAppSecret_ThrowsAuthenticationForTheAppSecretProof()
    {
        await using var server = await StartAsync();
        using var services = Build(server, ("Meta:AppSecret", "not-the-app-secret"));

        var ex = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => services.GetRequiredService<MetaAdSetsClient>()
            .GetAdSetsAsync(Account(server), TestContext.Current.CancellationToken));

        Assert.Equal("100", ex.Context.ErrorCode);
        Assert.Contains("appsecret_proof", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("not-the-app-secret", ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MetaAdPlatform_ReadsAndUpdatesThroughIAdPlatform()
    {
        await using var server = await StartAsync();
        server.World.Advance(5);
        using var services = Build(server);
        IAdPlatform platform = services.GetRequiredService<MetaAdPlatform>();
        var adSet = server.Meta.AdSets[^1];

        var adSets = await platform.GetAdSetsAsync(Account(server), TestContext.Current.CancellationToken);
        var rows = await platform.GetHourlyInsightsAsync(Account(server), Days(server)[0], TestContext.Current.CancellationToken);
        await platform.UpdateAdSetAsync(Account(server), new AdSetUpdate(adSet.Ref, Status: AdSetStatus.Paused), TestContext.Current.CancellationToken);

        Assert.Equal(Platform.Instagram, platform.Platform);
        Assert.Equal(server.Meta.AdSets.Count, adSets.Count);
        Assert.Equal(Expected(server), Actual(rows));
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(adSet.Index).Status);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_SeveralDays_EqualsTheSumsOfTheHourlyReads()
    {
        await using var server = await StartAsync();
        server.World.Advance(78);
        using var services = Build(server, ("Meta:InsightsPageSize", "7"));
        var client = services.GetRequiredService<MetaInsightsClient>();
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
                .Select(g => (g.Key.ExternalId, g.Key.Day, g.Sum(h => h.Spend.Amount), g.Sum(h => h.Impressions), g.Sum(h => h.Clicks), (long?)null, (decimal?)null))
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
            ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
            ["Meta:ReportPollInterval"] = "00:00:00.020",
        };
        foreach (var (key, value) in overrides)
        {
            settings[key] = value;
        }

        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddMetaConnector();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }

    private static AdAccountRef Account(SandboxServer server) => new(Platform.Instagram, server.Meta.AccountDigits, server.World.Currency);

    /// <summary>The local days the simulated hours so far touch.</summary>
    private static List<DateOnly> Days(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        var first = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.StartUtc, zone).DateTime);
        var last = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.Clock.GetUtcNow().AddTicks(-1), zone).DateTime);
        return Enumerable.Range(0, last.DayNumber - first.DayNumber + 1).Select(first.AddDays).ToList();
    }

    /// <summary>Every Meta ad set hour with delivery, as the world recorded it, in account-local days and hours.</summary>
    private static List<(string AdSet, DateOnly Day, int Hour, decimal Spend, long Impressions, long Clicks)> Expected(SandboxServer server)
    {
        var zone = server.World.TimeZone;
        return [.. server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow())
            .Where(h => server.World.AdSets[h.AdSetIndex].Ref.Platform == Platform.Instagram && (h.Impressions > 0 || h.Spend.Amount > 0))
            .Select(h =>
            {
                var local = TimeZoneInfo.ConvertTime(h.HourStartUtc, zone).DateTime;
                return (server.World.AdSets[h.AdSetIndex].Ref.ExternalId, DateOnly.FromDateTime(local), local.Hour, h.Spend.Amount, h.Impressions, h.Clicks);
            })
            .Order()];
    }

    private static List<(string AdSet, DateOnly Day, int Hour, decimal Spend, long Impressions, long Clicks)> Actual(IEnumerable<AdSetHourInsight> rows) =>
        [.. rows.Select(r => (r.AdSet.ExternalId, r.Day, r.Hour, r.Spend.Amount, r.Impressions, r.Clicks)).Order()];

    /// <summary>A budget in the ad set's range that differs from its current one, in whole cents.</summary>
    private static decimal NewBudget(SandboxServer server, SandboxAdSet adSet)
    {
        var current = server.World.SettingsOf(adSet.Index).DailyBudget;
        var raised = Math.Round(current * 1.1m, 2);
        return raised <= adSet.MaxDailyBudget && raised != current ? raised : Math.Round(Math.Max(adSet.MinDailyBudget, current * 0.9m), 2, MidpointRounding.ToPositiveInfinity);
    }
}

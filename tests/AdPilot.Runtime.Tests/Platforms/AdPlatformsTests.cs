using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Platforms;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Runtime.Tests.Platforms;

public sealed class AdPlatformsTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Simulated_BuildsOneAccountPerPlatformOfTheWorld_AndPullsItsHours()
    {
        using var provider = Build(("Platforms:Source", "Simulated"));
        var platforms = provider.GetRequiredService<AdPlatforms>();
        var world = provider.GetRequiredService<SandboxWorld>();
        world.Advance(48);

        Assert.Equal(PlatformSource.Simulated, platforms.Source);
        Assert.Equal([Platform.TikTok, Platform.Instagram], platforms.Accounts.Select(a => a.Platform).Order());
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(world.StartUtc, world.TimeZone).DateTime).AddDays(1);
        foreach (var account in platforms.Accounts)
        {
            var rows = await platforms.For(account).GetHourlyInsightsAsync(account, day, Ct);
            var adSets = world.AdSets.Where(a => a.Ref.Platform == account.Platform).Select(a => a.Ref).ToHashSet();

            Assert.NotEmpty(rows);
            Assert.All(rows, r => Assert.Contains(r.AdSet, adSets));
            Assert.All(rows, r => Assert.Equal(day, r.Day));
            Assert.All(rows, r => Assert.Equal(world.Currency, r.Spend.Currency));
            var expected = world.HoursBetween(world.StartUtc, world.Clock.GetUtcNow())
                .Where(h => adSets.Contains(world.AdSets[h.AdSetIndex].Ref)
                    && DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(h.HourStartUtc, world.TimeZone).DateTime) == day)
                .Sum(h => h.Spend.Amount);
            Assert.Equal(expected, rows.Sum(r => r.Spend.Amount));
            Assert.InRange(rows.Select(r => r.Hour).Distinct().Count(), 20, 24);
        }
    }

    [Fact]
    public async Task Simulated_UpdateChangesTheWorld_AndRefusesABudgetOutsideTheAdSetsRange()
    {
        using var provider = Build(("Platforms:Source", "Simulated"));
        var platforms = provider.GetRequiredService<AdPlatforms>();
        var world = provider.GetRequiredService<SandboxWorld>();
        var account = platforms.Accounts.First(a => a.Platform == Platform.Instagram);
        var platform = platforms.For(account);
        var target = (await platform.GetAdSetsAsync(account, Ct))[0];
        var adSet = world.Find(Platform.Instagram, target.AdSet.ExternalId)!;
        var newBudget = Math.Round(target.DailyBudget!.Value.Amount * 1.2m, 2);

        await platform.UpdateAdSetAsync(account, new AdSetUpdate(target.AdSet, new Money(newBudget, world.Currency), Status: AdSetStatus.Paused), Ct);

        Assert.Equal(newBudget, world.SettingsOf(adSet.Index).DailyBudget);
        Assert.Equal(AdSetStatus.Paused, world.SettingsOf(adSet.Index).Status);
        var reread = (await platform.GetAdSetsAsync(account, Ct)).Single(s => s.AdSet == target.AdSet);
        Assert.Equal("PAUSED", reread.PlatformStatus);
        var tooSmall = new AdSetUpdate(target.AdSet, new Money(adSet.MinDailyBudget - 0.01m, world.Currency));
        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => platform.UpdateAdSetAsync(account, tooSmall, Ct));
        Assert.Contains(target.AdSet.ExternalId, ex.Message, StringComparison.Ordinal);
        Assert.Equal(newBudget, world.SettingsOf(adSet.Index).DailyBudget);
    }

    [Fact]
    public async Task Simulated_AnotherAccountOrCurrency_IsRefusedWithTheAccountNamed()
    {
        using var provider = Build(("Platforms:Source", "Simulated"));
        var platforms = provider.GetRequiredService<AdPlatforms>();
        var account = platforms.Accounts[0];
        var platform = platforms.For(account);
        var day = new DateOnly(2026, 1, 1);

        var stranger = account with { AccountId = "999" };
        var denied = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => platform.GetHourlyInsightsAsync(stranger, day, Ct));
        Assert.Equal("999", denied.Context.AccountId);
        var otherCurrency = account with { Currency = account.Currency == "EUR" ? "USD" : "EUR" };
        await Assert.ThrowsAsync<PlatformResponseException>(() => platform.GetAdSetsAsync(otherCurrency, Ct));
    }

    [Fact]
    public async Task Api_AgainstTheSandbox_ReportsWhatTheInProcessPlatformReportsOfTheSameWorld()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        server.World.Advance(30);
        var currency = server.World.Currency;
        using var provider = Build(
            ("Platforms:Accounts:0:Platform", "Instagram"),
            ("Platforms:Accounts:0:AccountId", server.Meta.AccountId),
            ("Platforms:Accounts:0:Currency", currency),
            ("Platforms:Accounts:1:Platform", "TikTok"),
            ("Platforms:Accounts:1:AccountId", server.TikTokAdvertiserIds[0]),
            ("Platforms:Accounts:1:Currency", currency),
            ("Meta:BaseUrl", server.MetaBaseUrl.ToString()),
            ("Meta:AccessToken", server.Credentials.MetaAccessToken),
            ("Meta:AppSecret", server.Credentials.MetaAppSecret),
            ("TikTok:BaseUrl", server.TikTokApiRoot.ToString()),
            ("TikTok:AccessToken", server.Credentials.TikTokAccessToken));
        var platforms = provider.GetRequiredService<AdPlatforms>();
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.StartUtc, server.World.TimeZone).DateTime);

        Assert.Equal(PlatformSource.Api, platforms.Source);
        Assert.Equal(2, platforms.Accounts.Count);
        foreach (var account in platforms.Accounts)
        {
            var inProcess = new SimulatedAdPlatform(server.World, account.Platform);
            Assert.Equal(inProcess.Account, account);

            var overHttp = await platforms.For(account).GetHourlyInsightsAsync(account, day, Ct);
            var direct = await inProcess.GetHourlyInsightsAsync(account, day, Ct);
            Assert.NotEmpty(direct);
            Assert.Equal(Key(direct), Key(overHttp));
            var dailyOverHttp = await platforms.For(account).GetDailyInsightsAsync(account, day, day.AddDays(1), Ct);
            var dailyDirect = await inProcess.GetDailyInsightsAsync(account, day, day.AddDays(1), Ct);
            Assert.Equal(2, dailyDirect.Select(d => d.Day).Distinct().Count());
            Assert.Equal(DayKey(dailyDirect), DayKey(dailyOverHttp));

            await AssertSameAdSetsAsync(platforms.For(account), inProcess, account);

            // A change through the connectors lands in the world, and both platforms read it back alike.
            var first = (await inProcess.GetAdSetsAsync(account, Ct))[0];
            var budget = Math.Round(first.DailyBudget!.Value.Amount * 1.1m, 2);
            await platforms.For(account).UpdateAdSetAsync(
                account, new AdSetUpdate(first.AdSet, new Money(budget, currency), BidStrategy.CostCap(21.5m), AdSetStatus.Paused), Ct);
            var settings = server.World.SettingsOf(server.World.Find(account.Platform, first.AdSet.ExternalId)!.Index);
            Assert.Equal(new AdSetSettings(budget, AdSetStatus.Paused, BidStrategy.CostCap(21.5m)), settings);
            await AssertSameAdSetsAsync(platforms.For(account), inProcess, account);
        }

        static async Task AssertSameAdSetsAsync(IAdPlatform overHttp, IAdPlatform direct, AdAccountRef account)
        {
            var viaHttp = await overHttp.GetAdSetsAsync(account, Ct);
            var viaWorld = await direct.GetAdSetsAsync(account, Ct);
            Assert.Equal(
                viaWorld.Select(s => (s.AdSet, s.Status, s.DailyBudget, s.BidStrategy)).OrderBy(s => s.AdSet.ExternalId, StringComparer.Ordinal),
                viaHttp.Select(s => (s.AdSet, s.Status, s.DailyBudget, s.BidStrategy)).OrderBy(s => s.AdSet.ExternalId, StringComparer.Ordinal));
        }

        static IEnumerable<AdSetDayInsight> DayKey(IEnumerable<AdSetDayInsight> rows) =>
            rows.OrderBy(r => r.AdSet.ExternalId, StringComparer.Ordinal).ThenBy(r => r.Day);

        static IEnumerable<(AdSetRef, DateOnly, int, Money, long, long)> Key(IEnumerable<AdSetHourInsight> rows) =>
            rows.Select(r => (r.AdSet, r.Day, r.Hour, r.Spend, r.Impressions, r.Clicks))
                .OrderBy(r => r.Item1.ExternalId, StringComparer.Ordinal).ThenBy(r => r.Item3);
    }

    [Theory]
    [InlineData("Platforms:Accounts is empty")]
    public void Api_WithoutAccounts_FailsNamingTheSection(string expected)
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Build());

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_BadAccountFields_FailWithEveryProblemNamed()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Build(
            ("Platforms:Accounts:0:Platform", "Instagram"),
            ("Platforms:Accounts:0:AccountId", "act-12x"),
            ("Platforms:Accounts:0:Currency", "usd"),
            ("Platforms:Accounts:1:Platform", "TikTok"),
            ("Platforms:Accounts:1:AccountId", "act_123"),
            ("Platforms:Accounts:1:Currency", "USD")));

        Assert.Contains("Platforms:Accounts:0: The AccountId", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Platforms:Accounts:0: The Currency", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Platforms:Accounts:1: act_ ids are Meta's", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownSource_FailsNamingTheValue()
    {
        var ex = Assert.Throws<OptionsValidationException>(() => Build(("Platforms:Source", "Live")));

        Assert.Contains("Live", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_PlainHttpToAnotherMachine_IsRefusedBeforeAnyTokenIsSent()
    {
        using var provider = Build(
            ("Platforms:Accounts:0:Platform", "Instagram"),
            ("Platforms:Accounts:0:AccountId", "act_1234"),
            ("Platforms:Accounts:0:Currency", "USD"),
            ("Meta:BaseUrl", "http://graph.example.com/"),
            ("Meta:AccessToken", "EAAB-secret"),
            ("Meta:AppSecret", "s"));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<AdPlatforms>());

        Assert.Contains("Meta:BaseUrl must be https", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB-secret", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Api_MetaAccountWithActPrefix_IsDrivenByItsDigits()
    {
        using var provider = Build(
            ("Platforms:Accounts:0:Platform", "Instagram"),
            ("Platforms:Accounts:0:AccountId", "act_1234"),
            ("Platforms:Accounts:0:Currency", "USD"),
            ("Meta:AccessToken", "EAAB"),
            ("Meta:AppSecret", "s"));

        var account = Assert.Single(provider.GetRequiredService<AdPlatforms>().Accounts);

        Assert.Equal(new AdAccountRef(Platform.Instagram, "1234", "USD"), account);
    }

    private static ServiceProvider Build(params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        return new ServiceCollection().AddAdPlatforms(configuration).BuildServiceProvider();
    }
}

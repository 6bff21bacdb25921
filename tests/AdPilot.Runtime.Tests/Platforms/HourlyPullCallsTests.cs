using AdPilot.Connectors.Meta;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Platforms;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Runtime.Tests.Platforms;

/// <summary>An hourly pull of a large account is a handful of calls, not one per ad set.</summary>
public sealed class HourlyPullCallsTests
{
    [Fact]
    public async Task MetaAccountWith1000AdSets_HourlyPullOfAWholeDay_TakesAtMostFiveInsightsCalls()
    {
        var sample = DefaultFamily.Sample(seed: 11, adSetCount: 1000);
        var scenario = sample with { AdSets = sample.AdSets.Select(a => a with { Platform = Platform.Instagram }).ToArray() };
        await using var server = await SandboxServer.StartAsync(scenario, 0, TestContext.Current.CancellationToken);
        server.World.Advance(24);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Platforms:Accounts:0:Platform"] = "Instagram",
            ["Platforms:Accounts:0:AccountId"] = server.Meta.AccountId,
            ["Platforms:Accounts:0:Currency"] = server.World.Currency,
            ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
        }).Build();
        var calls = new CallCounter();
        var services = new ServiceCollection().AddAdPlatforms(configuration);
        services.AddHttpClient<MetaInsightsClient>().AddHttpMessageHandler(() => calls);
        await using var provider = services.BuildServiceProvider();
        var platforms = provider.GetRequiredService<AdPlatforms>();
        var account = Assert.Single(platforms.Accounts);
        var day = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(server.World.StartUtc, server.World.TimeZone).DateTime);

        var rows = await platforms.For(account).GetHourlyInsightsAsync(account, day, TestContext.Current.CancellationToken);

        Assert.Equal(1000, rows.Select(r => r.AdSet).Distinct().Count());
        Assert.True(rows.Count > 15_000, $"a day of 1,000 ad sets, got {rows.Count} rows");
        Assert.Equal((rows.Count + 4999) / 5000, calls.Count);
        Assert.InRange(calls.Count, 1, 5);
    }

    private sealed class CallCounter : DelegatingHandler
    {
        private int _count;

        public int Count => Volatile.Read(ref _count);

        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            Interlocked.Increment(ref _count);
            return base.SendAsync(request, cancellationToken);
        }
    }
}

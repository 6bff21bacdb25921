using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.Tests.Sandbox;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Connectors.Tests.Fuzz;

/// <summary>
/// Fuzzes what the Meta, TikTok and Shopify connectors read from the platforms (docs/fuzzing.md): each exchange is
/// recorded against the sandbox and replayed with one answer mutated (<see cref="ExchangeFuzz"/>).
/// </summary>
public sealed class ConnectorResponsesFuzzTests : IAsyncLifetime
{
    private readonly FaultTestClock _clock = new();
    private SandboxServer _server = null!;
    private ReplayPlatform _platform = null!;
    private ServiceProvider _services = null!;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Token);
        _server.World.Advance(30);
        _platform = await ReplayPlatform.StartAsync(_server.BaseUrl);
        Uri Through(Uri sandboxUrl) => new(_platform.BaseUrl, _server.BaseUrl.MakeRelativeUri(sandboxUrl));
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Meta:BaseUrl"] = Through(_server.MetaBaseUrl).ToString(),
            ["Meta:AccessToken"] = _server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = _server.Credentials.MetaAppSecret,
            ["Meta:ReportPollInterval"] = "00:00:01",
            ["Meta:InsightsPageSize"] = "5",
            ["TikTok:BaseUrl"] = new Uri(Through(_server.TikTokBaseUrl), "../").ToString(),
            ["TikTok:AccessToken"] = _server.Credentials.TikTokAccessToken,
            ["Shopify:ShopDomain"] = _server.ShopDomain,
            ["Shopify:AdminToken"] = _server.Credentials.ShopifyAdminToken,
            ["Shopify:WebhookSecret"] = _server.Credentials.ShopifyWebhookSecret,
            ["Shopify:BaseUrl"] = Through(_server.ShopifyBaseUrl).AbsoluteUri,
            ["Shopify:OrdersPageSize"] = "5",

            // The request token buckets refill in real time: raised so the fuzz inputs are not paced.
            ["Meta:RequestsPerSecond"] = "1000",
            ["TikTok:RequestsPerSecond"] = "1000",
            ["Shopify:RequestsPerSecond"] = "1000",
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        FaultTestResilience.UseFakeClock(services, _clock);
        services.AddMetaConnector();
        services.AddTikTokConnector();
        services.AddShopifyConnector();
        _services = services.BuildServiceProvider();
    }

    public async ValueTask DisposeAsync()
    {
        await _services.DisposeAsync();
        await _platform.DisposeAsync();
        await _server.DisposeAsync();
    }

    private T Get<T>()
        where T : notnull => _services.GetRequiredService<T>();

    private AdAccountRef MetaAccount => new(Platform.Instagram, _server.Meta.AccountDigits, _server.World.Currency);

    private AdAccountRef TikTokAccount => new(Platform.TikTok, _server.TikTokAdvertiserIds[0], _server.World.Currency);

    private DateOnly FirstDay => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_server.World.StartUtc, _server.World.TimeZone).DateTime);

    [Fact]
    public Task MetaAccess_FuzzedPermissionsDebugTokenAccountAndCampaigns_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Meta.access", _platform, _clock, "Meta", ExchangeFuzz.MetaErrors(), async ct =>
        {
            var access = Get<MetaAccessClient>();
            await access.GetTokenGrantAsync(ct);
            await access.GetAccountAsync(_server.Meta.AccountDigits, ct);
            await access.GetCampaignBudgetsAsync(_server.Meta.AccountDigits, ct);
        });

    [Fact]
    public Task MetaAdSets_FuzzedAdSetPages_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Meta.adsets", _platform, _clock, "Meta", ExchangeFuzz.MetaErrors(), ct => Get<MetaAdSetsClient>().GetAdSetsAsync(MetaAccount, ct));

    [Fact]
    public Task MetaBatch_FuzzedBatchAnswers_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Meta.batch", _platform, _clock, "Meta", ExchangeFuzz.MetaErrors(), async ct =>
        {
            var updates = _server.Meta.AdSets.Take(3)
                .Select(a => new MetaBatchUpdate(new AdSetUpdate(a.Ref, Status: AdSetStatus.Paused), _server.Meta.CampaignId))
                .ToList();
            await Get<MetaAdSetsClient>().UpdateAdSetsBatchAsync(MetaAccount, updates, ct);
        });

    [Fact]
    public Task MetaInsights_FuzzedInsightPages_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Meta.insights", _platform, _clock, "Meta", ExchangeFuzz.MetaErrors(), ct => Get<MetaInsightsClient>().GetHourlyInsightsAsync(MetaAccount, FirstDay, ct));

    [Fact]
    public Task MetaAsyncReport_FuzzedReportRunStatusAndPages_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Meta.async-report", _platform, _clock, "Meta", ExchangeFuzz.MetaErrors(), ct => Get<MetaInsightsClient>().GetHourlyInsightsRangeAsync(MetaAccount, FirstDay, FirstDay.AddDays(1), ct));

    [Fact]
    public Task TikTokAccess_FuzzedAdvertiserCampaignsAndProbe_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("TikTok.access", _platform, _clock, "TikTok", ExchangeFuzz.TikTokErrors(), async ct =>
        {
            var access = Get<TikTokAccessClient>();
            await access.GetAdvertiserAsync(_server.TikTokAdvertiserIds[0], ct);
            await access.GetCampaignBudgetsAsync(_server.TikTokAdvertiserIds[0], ct);
            await access.ProbeReportingAsync(_server.TikTokAdvertiserIds[0], FirstDay, ct);
        });

    [Fact]
    public Task TikTokAdGroups_FuzzedAdGroupPages_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("TikTok.adgroups", _platform, _clock, "TikTok", ExchangeFuzz.TikTokErrors(), ct => Get<TikTokAdGroupsClient>().GetAdGroupsAsync(TikTokAccount, ct));

    [Fact]
    public Task TikTokReport_FuzzedReportPages_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("TikTok.report", _platform, _clock, "TikTok", ExchangeFuzz.TikTokErrors(), ct => Get<TikTokReportsClient>().GetHourlyInsightsAsync(TikTokAccount, FirstDay, ct));

    [Fact]
    public Task ShopifyAccess_FuzzedShopAndAccessScopes_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Shopify.access", _platform, _clock, "Shopify", ExchangeFuzz.ShopifyErrors(), ct => Get<ShopifyAccessClient>().GetShopAsync(ct));

    [Fact]
    public Task ShopifyWebhooks_FuzzedSubscriptionListAndCreate_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Shopify.webhook-subscriptions", _platform, _clock, "Shopify", ExchangeFuzz.ShopifyErrors(), async ct =>
        {
            var webhooks = Get<ShopifyWebhooksClient>();
            await webhooks.ListAsync(ct);
            await webhooks.RegisterAsync(new Uri("https://adpilot.example/webhooks/shopify"), ct);
        });

    [Fact]
    public Task ShopifyOrders_FuzzedGraphQlOrdersPage_ReadOrPlatformError() =>
        ExchangeFuzz.RunAsync("Shopify.orders", _platform, _clock, "Shopify", ExchangeFuzz.ShopifyErrors(), ct => Get<ShopifyOrdersClient>().GetOrdersPageAsync(_server.World.StartUtc, null, _server.World.Currency, ct));
}

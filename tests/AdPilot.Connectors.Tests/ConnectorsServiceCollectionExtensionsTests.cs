using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests;

public sealed class ConnectorsServiceCollectionExtensionsTests
{
    [Fact]
    public async Task AddShopifyConnector_Configured_ResolvesATypedClientThatSendsThroughThePipeline()
    {
        var handler = new StubHandler().RespondJson("""{"data":{"orders":{"pageInfo":{"hasNextPage":false},"nodes":[]}}}""");
        using var provider = Build(
            s => s.AddShopifyConnector(),
            handler,
            ("Shopify:ShopDomain", "test-shop.myshopify.com"),
            ("Shopify:AdminToken", "shpat_x"));

        var client = provider.GetRequiredService<ShopifyOrdersClient>();
        var page = await client.GetOrdersPageAsync(DateTimeOffset.UnixEpoch, null, "USD", TestContext.Current.CancellationToken);

        Assert.Empty(page.Orders);
        Assert.Equal("test-shop.myshopify.com", Assert.Single(handler.Requests).Uri.Host);
    }

    [Fact]
    public void AddMetaConnector_MissingAppSecret_FailsOptionsValidation()
    {
        using var provider = Build(s => s.AddMetaConnector(), new StubHandler(), ("Meta:AccessToken", "EAAB"));

        var ex = Assert.Throws<OptionsValidationException>(() => provider.GetRequiredService<IOptions<MetaOptions>>().Value);

        Assert.Contains("AppSecret", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("EAAB", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AddMetaAndTikTokConnectors_Configured_ResolveBothPlatforms()
    {
        using var provider = Build(
            s => s.AddMetaConnector().AddTikTokConnector(),
            new StubHandler(),
            ("Meta:AccessToken", "EAAB"),
            ("Meta:AppSecret", "s"),
            ("TikTok:AccessToken", "t"));

        Assert.Equal(Platform.Instagram, provider.GetRequiredService<MetaAdPlatform>().Platform);
        Assert.Equal(Platform.TikTok, provider.GetRequiredService<TikTokAdPlatform>().Platform);
    }

    private static ServiceProvider Build(
        Action<IServiceCollection> register, StubHandler handler, params (string Key, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(configuration);
        services.AddLogging();
        register(services);
        services.ConfigureHttpClientDefaults(b => b.ConfigurePrimaryHttpMessageHandler(() => handler));
        return services.BuildServiceProvider();
    }
}

using AdPilot.Connectors;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Access;
using AdPilot.Sandbox.Faults;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Runtime.Tests.Onboarding;

/// <summary>An in-process sandbox and the production connector registrations pointed at it.</summary>
internal sealed class OnboardingSandbox : IAsyncDisposable
{
    private OnboardingSandbox(SandboxServer server, ServiceProvider services)
    {
        Server = server;
        Services = services;
    }

    public SandboxServer Server { get; }

    public ServiceProvider Services { get; }

    public MetaAccessClient Meta => Services.GetRequiredService<MetaAccessClient>();

    public TikTokAccessClient TikTok => Services.GetRequiredService<TikTokAccessClient>();

    public ShopifyAccessClient Shopify => Services.GetRequiredService<ShopifyAccessClient>();

    public string MetaAccount => Server.Meta.AccountDigits;

    public string Advertiser => Server.TikTokAdvertiserIds[0];

    public static async Task<OnboardingSandbox> StartAsync(SandboxAccess? access = null, SandboxFaults? faults = null)
    {
        var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, faults: faults, access: access);
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
            ["Meta:MaxThrottleRetries"] = "0",
            ["TikTok:BaseUrl"] = server.TikTokApiRoot.ToString(),
            ["TikTok:AccessToken"] = server.Credentials.TikTokAccessToken,
            ["TikTok:MaxThrottleRetries"] = "0",
            ["Shopify:BaseUrl"] = server.ShopifyBaseUrl.ToString(),
            ["Shopify:ShopDomain"] = server.ShopDomain,
            ["Shopify:AdminToken"] = server.Credentials.ShopifyAdminToken,
            ["Shopify:WebhookSecret"] = server.Credentials.ShopifyWebhookSecret,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddMetaConnector().AddTikTokConnector().AddShopifyConnector();
        return new OnboardingSandbox(server, services.BuildServiceProvider());
    }

    public static SandboxFaults ExpiredToken(FaultPlatform platform) =>
        new() { Rules = [new FaultRule { Platform = platform, Fault = FaultKind.ExpiredToken, Probability = 1 }] };

    public async ValueTask DisposeAsync()
    {
        await Services.DisposeAsync();
        await Server.DisposeAsync();
    }
}

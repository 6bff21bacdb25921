using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Platforms;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Access;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Connectors.Tests.Sandbox;

/// <summary>The onboarding clients (access checks, webhook subscriptions) end to end against the sandbox, registered as production registers them.</summary>
public sealed class OnboardingSandboxTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task MetaAccessClient_FullAccess_ReadsGrantAccountAndCampaigns()
    {
        await using var server = await StartAsync(new SandboxAccess { CampaignBudgetOptimisation = true });
        using var services = Build(server);
        var client = services.GetRequiredService<MetaAccessClient>();

        var grant = await client.GetTokenGrantAsync(Token);
        var account = await client.GetAccountAsync(server.Meta.AccountDigits, Token);
        var campaigns = await client.GetCampaignBudgetsAsync(server.Meta.AccountDigits, Token);

        Assert.True(grant.IsValid);
        Assert.Null(grant.ExpiresAt);
        Assert.Equal(["public_profile", .. SandboxAccess.AllMetaPermissions], grant.Granted);
        Assert.Equal(server.World.Currency, account.Currency);
        Assert.True(account.IsActive);
        Assert.True(Assert.Single(campaigns).OwnsBudget);
    }

    [Fact]
    public async Task MetaAccessClient_UnknownAccount_ThrowsRejectedWithCode100Subcode33()
    {
        await using var server = await StartAsync();
        using var services = Build(server);

        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(
            () => services.GetRequiredService<MetaAccessClient>().GetAccountAsync("111", Token));

        Assert.Equal("100/33", ex.Context.ErrorCode);
    }

    [Fact]
    public async Task TikTokAccessClient_WithoutAdManagement_CampaignsRefusedWith40001()
    {
        await using var server = await StartAsync(new SandboxAccess { TikTokScopes = ["advertiser_read", "reporting"] });
        using var services = Build(server);
        var client = services.GetRequiredService<TikTokAccessClient>();

        var profile = await client.GetAdvertiserAsync(server.TikTokAdvertiserIds[0], Token);
        var ex = await Assert.ThrowsAsync<PlatformAuthenticationException>(() => client.GetCampaignBudgetsAsync(server.TikTokAdvertiserIds[0], Token));

        Assert.Equal(server.World.TimeZone.Id, profile.TimeZone);
        Assert.Equal("40001", ex.Context.ErrorCode);
    }

    [Fact]
    public async Task ShopifyAccessClient_ReadsScopesCurrencyZoneAndServerDate()
    {
        await using var server = await StartAsync();
        using var services = Build(server);

        var shop = await services.GetRequiredService<ShopifyAccessClient>().GetShopAsync(Token);

        Assert.Equal(["read_orders"], shop.Scopes);
        Assert.Equal(server.World.Currency, shop.Currency);
        Assert.Equal(server.World.TimeZone.Id, shop.TimeZone);
        Assert.NotNull(shop.ServerTime);
    }

    [Fact]
    public async Task RegisterAsync_Twice_SecondCreatesNothingAndListShowsThreeTopics()
    {
        await using var server = await StartAsync();
        using var services = Build(server);
        var client = services.GetRequiredService<ShopifyWebhooksClient>();
        var url = new Uri("https://adpilot.example.com/webhooks/shopify");

        var first = await client.RegisterAsync(url, Token);
        var second = await client.RegisterAsync(url, Token);
        var listed = await client.ListAsync(Token);

        Assert.All(first, r => Assert.True(r.Created));
        Assert.All(second, r => Assert.False(r.Created));
        Assert.Equal(first.Select(r => r.Subscription), second.Select(r => r.Subscription));
        Assert.Equal(["ORDERS_CREATE", "ORDERS_UPDATED", "REFUNDS_CREATE"], listed.Select(s => s.Topic));
        Assert.All(listed, s => Assert.Equal(url.AbsoluteUri, s.Uri));
    }

    [Fact]
    public async Task RemoveAsync_OneAddress_RemovesOnlyItsSubscriptions()
    {
        await using var server = await StartAsync();
        using var services = Build(server);
        var client = services.GetRequiredService<ShopifyWebhooksClient>();
        var old = new Uri("https://old.example.com/webhooks/shopify");
        var current = new Uri("https://adpilot.example.com/webhooks/shopify");
        await client.RegisterAsync(old, Token);
        await client.RegisterAsync(current, Token);

        var removed = await client.RemoveAsync(old, Token);
        var left = await client.ListAsync(Token);

        Assert.Equal(3, removed.Count);
        Assert.All(left, s => Assert.Equal(current.AbsoluteUri, s.Uri));
        Assert.Equal(3, left.Count);
    }

    [Fact]
    public void RestName_GraphQlTopic_SlashForm()
    {
        Assert.Equal("orders/create", ShopifyWebhooksClient.RestName("ORDERS_CREATE"));
        Assert.Equal("refunds/create", ShopifyWebhooksClient.RestName("REFUNDS_CREATE"));
    }

    private static Task<SandboxServer> StartAsync(SandboxAccess? access = null) =>
        SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Token, access: access);

    private static ServiceProvider Build(SandboxServer server)
    {
        var settings = new Dictionary<string, string?>(StringComparer.Ordinal)
        {
            ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
            ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
            ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
            ["TikTok:BaseUrl"] = server.TikTokApiRoot.ToString(),
            ["TikTok:AccessToken"] = server.Credentials.TikTokAccessToken,
            ["Shopify:BaseUrl"] = server.ShopifyBaseUrl.ToString(),
            ["Shopify:ShopDomain"] = server.ShopDomain,
            ["Shopify:AdminToken"] = server.Credentials.ShopifyAdminToken,
            ["Shopify:WebhookSecret"] = server.Credentials.ShopifyWebhookSecret,
        };
        var services = new ServiceCollection();
        services.AddSingleton<IConfiguration>(new ConfigurationBuilder().AddInMemoryCollection(settings).Build());
        services.AddLogging();
        services.AddMetaConnector().AddTikTokConnector().AddShopifyConnector();
        return services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true, ValidateScopes = true });
    }
}

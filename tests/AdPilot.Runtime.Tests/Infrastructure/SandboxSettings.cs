using AdPilot.Sandbox;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Infrastructure;

/// <summary>What every sandbox-backed test sets up the same way: the configuration that points AdPilot at it, and its store.</summary>
internal static class SandboxSettings
{
    /// <summary>The platform accounts (its Meta account and first TikTok advertiser) and the Meta, TikTok and Shopify connectors, pointed at <paramref name="server"/>.</summary>
    public static Dictionary<string, string?> For(SandboxServer server) => new(StringComparer.OrdinalIgnoreCase)
    {
        ["Platforms:Accounts:0:Platform"] = "Instagram",
        ["Platforms:Accounts:0:AccountId"] = server.Meta.AccountId,
        ["Platforms:Accounts:0:Currency"] = server.World.Currency,
        ["Platforms:Accounts:1:Platform"] = "TikTok",
        ["Platforms:Accounts:1:AccountId"] = server.TikTokAdvertiserIds[0],
        ["Platforms:Accounts:1:Currency"] = server.World.Currency,
        ["Meta:BaseUrl"] = server.MetaBaseUrl.ToString(),
        ["Meta:AccessToken"] = server.Credentials.MetaAccessToken,
        ["Meta:AppSecret"] = server.Credentials.MetaAppSecret,
        ["TikTok:BaseUrl"] = server.TikTokApiRoot.ToString(),
        ["TikTok:AccessToken"] = server.Credentials.TikTokAccessToken,
        ["Shopify:BaseUrl"] = server.ShopifyBaseUrl.ToString(),
        ["Shopify:ShopDomain"] = server.ShopDomain,
        ["Shopify:AdminToken"] = server.Credentials.ShopifyAdminToken,
    };

    /// <summary>Registers the world's store, its data starting where the world does.</summary>
    public static Task<long> RegisterStoreAsync(SandboxServer server, TestDatabase db, decimal grossMargin = 0.6m) =>
        new StoreDirectory(db.Database, server.World.Clock).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = server.ShopDomain,
                Currency = server.World.Currency,
                TimeZone = server.World.Scenario.Store.TimeZone,
                GrossMargin = grossMargin,
                DataSince = server.World.StartUtc,
            },
            TestContext.Current.CancellationToken);
}

using System.Text.Json;
using System.Text.Json.Serialization;
using AdPilot.Sandbox;

namespace AdPilot.Cli.Commands;

/// <summary>The first line <c>adpilot sandbox</c> prints: where each emulated platform is and the credentials it accepts.</summary>
internal sealed record SandboxEndpoints(
    SandboxEndpoints.MetaPart Meta,
    [property: JsonPropertyName("tiktok")] SandboxEndpoints.TikTokPart TikTok,
    SandboxEndpoints.ShopifyPart Shopify)
{
    public static SandboxEndpoints From(SandboxServer server) => new(
        new MetaPart(
            server.MetaBaseUrl.ToString(), server.Credentials.MetaAccessToken, server.Credentials.MetaAppSecret, server.Meta.AccountIds, server.Credentials.MetaAppId, server.Credentials.MetaShortLivedToken),
        new TikTokPart(
            server.TikTokApiRoot.ToString(), server.Credentials.TikTokAccessToken, server.TikTokAdvertiserIds, server.Credentials.TikTokAppId, server.Credentials.TikTokAppSecret, server.Credentials.TikTokAuthCode),
        new ShopifyPart(server.ShopifyBaseUrl.ToString(), server.ShopDomain, server.Credentials.ShopifyAdminToken, server.Credentials.ShopifyWebhookSecret));

    public string ToJson() => JsonSerializer.Serialize(this, CliJsonContext.Default.SandboxEndpoints);

    internal sealed record MetaPart(string BaseUrl, string AccessToken, string AppSecret, IReadOnlyList<string> AdAccountIds, string AppId, string ShortLivedToken);

    internal sealed record TikTokPart(string BaseUrl, string AccessToken, IReadOnlyList<string> AdvertiserIds, string AppId, string Secret, string AuthCode);

    internal sealed record ShopifyPart(string BaseUrl, string ShopDomain, string AdminToken, string WebhookSecret);
}

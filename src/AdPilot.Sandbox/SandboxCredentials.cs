using System.Security.Cryptography;

namespace AdPilot.Sandbox;

/// <summary>The secrets one sandbox run accepts, generated fresh for every run and never logged.</summary>
/// <param name="MetaAccessToken">Meta's access token.</param>
/// <param name="MetaAppSecret">Meta's app secret (keys the <c>appsecret_proof</c>).</param>
/// <param name="TikTokAccessToken">TikTok's <c>Access-Token</c>.</param>
/// <param name="ShopifyAdminToken">Shopify's <c>X-Shopify-Access-Token</c>.</param>
/// <param name="ShopifyWebhookSecret">The secret Shopify webhooks are signed with.</param>
public sealed record SandboxCredentials(
    string MetaAccessToken, string MetaAppSecret, string TikTokAccessToken, string ShopifyAdminToken, string ShopifyWebhookSecret)
{
    /// <summary>Gets Meta's app id (<c>client_id</c> of the token exchange); not a secret.</summary>
    public string MetaAppId { get; init; } = "1234567890123456";

    /// <summary>
    /// Gets a short-lived Meta user token, as Facebook Login or the Graph API Explorer hands out: it reads nothing itself,
    /// and <c>GET oauth/access_token?grant_type=fb_exchange_token</c> exchanges it for a long-lived one.
    /// </summary>
    public string MetaShortLivedToken { get; init; } = "";

    /// <summary>Gets TikTok's developer app id (<c>app_id</c> of the OAuth calls); not a secret.</summary>
    public string TikTokAppId { get; init; } = "";

    /// <summary>Gets TikTok's developer app secret (<c>secret</c> of the OAuth calls).</summary>
    public string TikTokAppSecret { get; init; } = "";

    /// <summary>Gets the authorisation code TikTok's consent page would hand back; <c>POST oauth2/access_token/</c> exchanges it.</summary>
    public string TikTokAuthCode { get; init; } = "";

    /// <summary>New random credentials, shaped like each platform's.</summary>
    /// <returns>The credentials.</returns>
    public static SandboxCredentials Generate() => new(
        "EAA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 150),
        Hex(16),
        Hex(20),
        "shpat_" + Hex(16),
        Hex(32))
    {
        MetaAppId = Digits(16),
        MetaShortLivedToken = "EAA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 120),
        TikTokAppId = Digits(19),
        TikTokAppSecret = Hex(20),
        TikTokAuthCode = Hex(20),
    };

    /// <inheritdoc />
    public override string ToString() => "SandboxCredentials { (secrets hidden) }";

    private static string Digits(int count) => "7" + RandomNumberGenerator.GetString("0123456789", count - 1);

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}

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
    /// <summary>New random credentials, shaped like each platform's.</summary>
    /// <returns>The credentials.</returns>
    public static SandboxCredentials Generate() => new(
        "EAA" + RandomNumberGenerator.GetString("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789", 150),
        Hex(16),
        Hex(20),
        "shpat_" + Hex(16),
        Hex(32));

    /// <inheritdoc />
    public override string ToString() => "SandboxCredentials { (secrets hidden) }";

    private static string Hex(int bytes) => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(bytes));
}

using System.Collections;
using AdPilot.Sandbox;

namespace AdPilot.Cli.Tests.Commands;

/// <summary>The environment of a store whose every connection points at an in-process sandbox.</summary>
internal static class OnboardingEnvironment
{
    public static Hashtable For(SandboxServer server, string? publicUrl = "https://adpilot.example.com") => new()
    {
        ["SHOPIFY_STORE_DOMAIN"] = server.ShopDomain,
        ["SHOPIFY_ADMIN_TOKEN"] = server.Credentials.ShopifyAdminToken,
        ["SHOPIFY_WEBHOOK_SECRET"] = server.Credentials.ShopifyWebhookSecret,
        ["META_APP_SECRET"] = server.Credentials.MetaAppSecret,
        ["META_LONG_LIVED_TOKEN"] = server.Credentials.MetaAccessToken,
        ["META_AD_ACCOUNT_ID"] = server.Meta.AccountId,
        ["TIKTOK_ACCESS_TOKEN"] = server.Credentials.TikTokAccessToken,
        ["TIKTOK_AD_ACCOUNT_ID"] = server.TikTokAdvertiserIds[0],
        ["STORE_CURRENCY"] = server.World.Currency,
        ["TZ"] = server.World.Scenario.Store.TimeZone,
        ["Meta__BaseUrl"] = server.MetaBaseUrl.ToString(),
        ["TikTok__BaseUrl"] = server.TikTokApiRoot.ToString(),
        ["Shopify__BaseUrl"] = server.ShopifyBaseUrl.ToString(),
        ["Web__PublicUrl"] = publicUrl,
    };

    public static async Task<CliResult> RunAsync(IDictionary environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, environment: environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

using AdPilot.Core.Domain;
using AdPilot.Runtime.Platforms;

namespace AdPilot.Runtime.Configuration;

/// <summary>
/// The integration guide's §13 variables, mapped onto AdPilot's configuration sections. <c>META_AD_ACCOUNT_ID</c> and
/// <c>TIKTOK_AD_ACCOUNT_ID</c> become the accounts of <see cref="PlatformsOptions"/>, with <c>STORE_CURRENCY</c> (an
/// AdPilot addition: the guide has no currency) as their currency. <c>META_APP_ID</c> and <c>TIKTOK_APP_ID</c>/
/// <c>TIKTOK_SECRET</c> identify the apps for onboarding and are kept under their sections; <c>TZ</c> is the store's time
/// zone and <c>DB_URL</c> the database.
/// </summary>
public static class GuideVariables
{
    /// <summary>The variables that map one to one onto a configuration key.</summary>
    public static IReadOnlyDictionary<string, string> Keys { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
    {
        ["SHOPIFY_STORE_DOMAIN"] = "Shopify:ShopDomain",
        ["SHOPIFY_ADMIN_TOKEN"] = "Shopify:AdminToken",
        ["SHOPIFY_WEBHOOK_SECRET"] = "Shopify:WebhookSecret",
        ["META_APP_ID"] = "Meta:AppId",
        ["META_APP_SECRET"] = "Meta:AppSecret",
        ["META_LONG_LIVED_TOKEN"] = "Meta:AccessToken",
        ["TIKTOK_APP_ID"] = "TikTok:AppId",
        ["TIKTOK_SECRET"] = "TikTok:AppSecret",
        ["TIKTOK_ACCESS_TOKEN"] = "TikTok:AccessToken",
        ["DB_URL"] = "Storage:Database",
        ["TZ"] = "Store:TimeZone",
        ["STORE_CURRENCY"] = "Store:Currency",
    };

    /// <summary>The configuration keys the guide's variables among <paramref name="variables"/> set.</summary>
    /// <param name="variables">Environment-style variables (names compared without case).</param>
    /// <returns>The keys and values.</returns>
    public static IEnumerable<KeyValuePair<string, string?>> ToKeys(IReadOnlyDictionary<string, string?> variables)
    {
        ArgumentNullException.ThrowIfNull(variables);
        var lookup = new Dictionary<string, string?>(variables, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, key) in Keys)
        {
            if (lookup.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value))
            {
                yield return new(key, value.Trim());
            }
        }

        var currency = lookup.GetValueOrDefault("STORE_CURRENCY")?.Trim();
        var index = 0;
        foreach (var (name, platform) in new[] { ("META_AD_ACCOUNT_ID", Platform.Instagram), ("TIKTOK_AD_ACCOUNT_ID", Platform.TikTok) })
        {
            if (lookup.GetValueOrDefault(name) is not { } id || string.IsNullOrWhiteSpace(id) || id.Trim() == "act_")
            {
                continue;
            }

            var prefix = $"{PlatformsOptions.SectionName}:Accounts:{index++}:";
            yield return new(prefix + nameof(PlatformAccountOptions.Platform), platform.ToString());
            yield return new(prefix + nameof(PlatformAccountOptions.AccountId), id.Trim());
            if (!string.IsNullOrWhiteSpace(currency))
            {
                yield return new(prefix + nameof(PlatformAccountOptions.Currency), currency);
            }
        }
    }
}

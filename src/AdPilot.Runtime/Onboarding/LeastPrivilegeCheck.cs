using AdPilot.Connectors;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Runtime.Platforms;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace AdPilot.Runtime.Onboarding;

/// <summary>
/// The check <c>adpilot run</c> makes before its first cycle: every configured connection's granted scopes against least
/// privilege. A missing required scope is an error naming the platform, the scope and the fix (the run does not start);
/// a scope beyond what AdPilot needs is a warning (the run starts). Required: Meta <c>ads_read</c>, <c>ads_management</c>
/// and <c>business_management</c>; TikTok's Ad Account Management, Ads Management and Reporting permissions (proved by the
/// calls that need them: TikTok does not list a token's scopes); Shopify <c>read_orders</c>, and <c>read_all_orders</c>
/// when <c>Store:HistoryDays</c> exceeds 60.
/// </summary>
/// <param name="time">The clock.</param>
public sealed class LeastPrivilegeCheck(TimeProvider time)
{
    /// <summary>The Meta permissions a run needs; anything else granted (beside <c>public_profile</c>) is more than it needs.</summary>
    public static readonly IReadOnlyList<string> MetaScopes = ["ads_read", "ads_management", "business_management"];

    /// <summary>The Shopify scopes a run may use: orders, and products and inventory for the cost of goods.</summary>
    public static readonly IReadOnlyList<string> ShopifyScopes = ["read_orders", "read_all_orders", "read_products", "read_inventory"];

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Checks every connection the configuration names.</summary>
    /// <param name="configuration">The configuration <c>run</c> uses.</param>
    /// <param name="historyDays">How many days of orders it reads.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>The errors (each stops the start) and the warnings.</returns>
    public async Task<(IReadOnlyList<string> Errors, IReadOnlyList<string> Warnings)> CheckAsync(
        IConfiguration configuration, int historyDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var platforms = PlatformsServiceCollectionExtensions.Read(configuration);
        var errors = new List<string>();
        var warnings = new List<string>();
        var services = new ServiceCollection().AddSingleton(configuration).AddSingleton(_time).AddLogging();
        if (!string.IsNullOrWhiteSpace(configuration["Shopify:ShopDomain"]))
        {
            services.AddShopifyConnector();
        }

        var api = platforms.Source == PlatformSource.Api;
        if (api && platforms.Accounts.Any(a => a.Platform == Platform.Instagram))
        {
            services.AddMetaConnector();
        }

        if (api && platforms.Accounts.Any(a => a.Platform == Platform.TikTok))
        {
            services.AddTikTokConnector();
        }

        await using var provider = services.BuildServiceProvider();
        var verifier = new AccessVerifier(_time);
        if (!string.IsNullOrWhiteSpace(configuration["Shopify:ShopDomain"]))
        {
            var shop = await verifier.VerifyShopifyAsync(
                provider.GetRequiredService<ShopifyAccessClient>(), configuration["Shopify:ShopDomain"]!, null, null, historyDays, cancellationToken).ConfigureAwait(false);
            Judge($"Shopify {shop.AccountId}", shop, shop.MissingScopes, shop.GrantedScopes.Except(ShopifyScopes, StringComparer.Ordinal), "adpilot connect shopify", errors, warnings);
        }

        if (!api)
        {
            return (errors, warnings);
        }

        foreach (var account in platforms.Accounts)
        {
            if (account.Platform == Platform.Instagram)
            {
                var meta = await verifier.VerifyMetaAsync(provider.GetRequiredService<MetaAccessClient>(), account.PlainAccountId, null, cancellationToken).ConfigureAwait(false);
                var missing = MetaScopes.Where(s => !meta.GrantedScopes.Contains(s, StringComparer.Ordinal)).ToList();
                var beyond = meta.GrantedScopes.Except(MetaScopes.Append("public_profile"), StringComparer.Ordinal);
                Judge($"Meta act_{account.PlainAccountId}", meta, missing, beyond, "adpilot connect meta", errors, warnings);
            }
            else
            {
                var tiktok = await verifier.VerifyTikTokAsync(provider.GetRequiredService<TikTokAccessClient>(), account.AccountId, null, cancellationToken).ConfigureAwait(false);
                Judge($"TikTok advertiser {account.AccountId}", tiktok, tiktok.MissingScopes, [], "adpilot connect tiktok", errors, warnings);
            }
        }

        return (errors, warnings);
    }

    private static void Judge(
        string what, AccountAccess access, IReadOnlyList<string> missing, IEnumerable<string> beyond, string reconnect, List<string> errors, List<string> warnings)
    {
        if (missing.Count > 0)
        {
            var fix = access.Findings.FirstOrDefault(f => f.Severity == AccessSeverity.Problem)?.Fix
                ?? access.Findings.FirstOrDefault()?.Fix ?? "Grant it to the app.";
            var refused = access.GrantedScopes.Count == 0 && access.Findings.Any(f => f.Message.Contains("refused", StringComparison.Ordinal));
            errors.Add(refused
                ? $"{what}: the token was refused, so none of {string.Join(", ", missing)} is granted ({access.Findings[0].Message}). {fix} Or run '{reconnect}' again."
                : $"{what}: the token lacks the scope{(missing.Count == 1 ? "" : "s")} {string.Join(", ", missing)}, which AdPilot needs. {fix} Or run '{reconnect}' again.");
        }

        var extra = beyond.ToList();
        if (extra.Count > 0)
        {
            warnings.Add($"{what}: the token also holds {string.Join(", ", extra)}, more than AdPilot needs (least privilege: remove {(extra.Count == 1 ? "it" : "them")} from the app's token).");
        }
    }
}

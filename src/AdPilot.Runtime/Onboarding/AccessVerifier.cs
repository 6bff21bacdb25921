using System.Globalization;
using AdPilot.Connectors.Access;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Onboarding;

/// <summary>
/// Verifies each connection's read access before a run (guide §16 step 1): the token's permissions and expiry, the
/// account's currency, time zone and status, campaigns that own their budget, and the store's agreement with them. Every
/// failure becomes an <see cref="AccessFinding"/> naming what is missing and how to fix it; nothing here throws for a
/// platform's refusal.
/// </summary>
/// <param name="time">The clock token expiry is measured against.</param>
public sealed class AccessVerifier(TimeProvider time)
{
    /// <summary>The Meta permissions a run needs.</summary>
    public static readonly IReadOnlyList<string> RequiredMetaPermissions = ["ads_read", "ads_management"];

    /// <summary>The Meta permission needed for ad accounts owned by a Business Manager; its absence is a warning.</summary>
    public const string BusinessManagement = "business_management";

    /// <summary>The TikTok permissions a run needs, by the names docs/onboarding.md gives them.</summary>
    public static readonly IReadOnlyList<string> RequiredTikTokScopes = ["advertiser_read", "ad_management", "reporting"];

    /// <summary>Orders older than this many days need Shopify's <c>read_all_orders</c>.</summary>
    public const int ShopifyDefaultHistoryDays = 60;

    /// <summary>A token expiring within this long is reported.</summary>
    public static readonly TimeSpan ExpiryWarning = TimeSpan.FromDays(7);

    private readonly TimeProvider _time = time ?? throw new ArgumentNullException(nameof(time));

    /// <summary>Verifies a Meta ad account and the token that reads it.</summary>
    /// <param name="client">The Meta access client.</param>
    /// <param name="accountId">The ad account id, with or without <c>act_</c>.</param>
    /// <param name="storeCurrency">The store's currency; a different account currency is a problem. Not compared when null.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>What was found.</returns>
    public async Task<AccountAccess> VerifyMetaAsync(
        MetaAccessClient client, string accountId, string? storeCurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(accountId);
        var plain = accountId.StartsWith("act_", StringComparison.Ordinal) ? accountId[4..] : accountId;
        var findings = new List<AccessFinding>();
        const string NewToken = "Create a new long-lived token for the system user with ads_read, ads_management and business_management, and set META_LONG_LIVED_TOKEN.";
        TokenGrant grant;
        try
        {
            grant = await client.GetTokenGrantAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException ex)
        {
            findings.Add(Refused("Meta", "the access token", ex, NewToken));
            return Result("meta", plain, [], RequiredMetaPermissions, null, null, null, [], null, findings);
        }

        var missing = RequiredMetaPermissions.Where(p => !grant.Granted.Contains(p, StringComparer.Ordinal)).ToList();
        if (!grant.IsValid)
        {
            findings.Add(new AccessFinding(AccessSeverity.Problem, "Meta says the access token is no longer valid", NewToken));
        }

        if (missing.Count > 0)
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Problem,
                $"Meta token lacks the permission{Plural(missing)} {string.Join(", ", missing)}",
                $"Grant {string.Join(" and ", missing)} to the app's system user in Business Settings, then create a new token (META_LONG_LIVED_TOKEN)."));
        }

        if (!grant.Granted.Contains(BusinessManagement, StringComparer.Ordinal))
        {
            missing.Add(BusinessManagement);
            findings.Add(new AccessFinding(
                AccessSeverity.Warning,
                "Meta token lacks business_management: ad accounts owned by a Business Manager may not be readable",
                "Grant business_management to the system user and create a new token."));
        }

        ExpiryFindings("Meta", grant.ExpiresAt, NewToken, findings);

        AccountProfile? profile = null;
        IReadOnlyList<CampaignBudget> campaigns = [];
        try
        {
            profile = await client.GetAccountAsync(plain, cancellationToken).ConfigureAwait(false);
            campaigns = await client.GetCampaignBudgetsAsync(plain, cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException ex) when (ex is PlatformRequestRejectedException or PlatformAuthenticationException)
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Problem,
                $"Meta token cannot see ad account act_{plain} ({ex.Message})",
                $"Check META_AD_ACCOUNT_ID, and assign ad account act_{plain} to the system user (Business Settings > Users > System users > Assign assets)."));
        }
        catch (PlatformException ex)
        {
            findings.Add(Refused("Meta", $"ad account act_{plain}", ex, "Try again later; if it persists, check Meta's status page."));
        }

        AccountFindings("Meta ad account act_" + plain, profile, storeCurrency, campaigns, findings);
        return Result(
            "meta", plain, grant.Granted, missing, profile?.Currency, profile?.TimeZone, profile?.Status, Owning(campaigns), grant.ExpiresAt, findings);
    }

    /// <summary>Verifies a TikTok advertiser and the token that reads it; each permission is proved by the call that needs it.</summary>
    /// <param name="client">The TikTok access client.</param>
    /// <param name="advertiserId">The advertiser id.</param>
    /// <param name="storeCurrency">The store's currency; not compared when null.</param>
    /// <param name="cancellationToken">Cancels the checks.</param>
    /// <returns>What was found; TikTok does not report the token's expiry.</returns>
    public async Task<AccountAccess> VerifyTikTokAsync(
        TikTokAccessClient client, string advertiserId, string? storeCurrency, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentException.ThrowIfNullOrEmpty(advertiserId);
        var findings = new List<AccessFinding>();
        var granted = new List<string>();
        var missing = new List<string>();
        const string Reauthorise = "Authorise the app again for this advertiser in TikTok Business Center with the Ad Account Management, Ads Management and Reporting permissions, and set TIKTOK_ACCESS_TOKEN.";

        AccountProfile? profile = null;
        try
        {
            profile = await client.GetAdvertiserAsync(advertiserId, cancellationToken).ConfigureAwait(false);
            granted.Add("advertiser_read");
        }
        catch (PlatformAuthenticationException ex) when (ex.Context.ErrorCode == "40001")
        {
            missing.Add("advertiser_read");
            findings.Add(new AccessFinding(
                AccessSeverity.Problem,
                $"TikTok token cannot read advertiser {advertiserId}: not authorised for it, or without the Ad Account Management permission ({ex.Message})",
                $"Check TIKTOK_AD_ACCOUNT_ID. {Reauthorise}"));
        }
        catch (PlatformException ex)
        {
            findings.Add(Refused("TikTok", "the access token", ex, Reauthorise));
            return Result("tiktok", advertiserId, granted, RequiredTikTokScopes, null, null, null, [], null, findings);
        }

        IReadOnlyList<CampaignBudget> campaigns = [];
        if (profile is not null)
        {
            campaigns = await Probe(
                () => client.GetCampaignBudgetsAsync(advertiserId, cancellationToken), "ad_management", granted, missing, findings, Reauthorise)
                .ConfigureAwait(false) ?? [];
            var zone = TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
            var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(_time.GetUtcNow(), zone).DateTime);
            await Probe(
                async () =>
                {
                    await client.ProbeReportingAsync(advertiserId, today, cancellationToken).ConfigureAwait(false);
                    return (object?)null;
                },
                "reporting",
                granted,
                missing,
                findings,
                Reauthorise).ConfigureAwait(false);
        }

        AccountFindings("TikTok advertiser " + advertiserId, profile, storeCurrency, campaigns, findings);
        return Result("tiktok", advertiserId, granted, missing, profile?.Currency, profile?.TimeZone, profile?.Status, Owning(campaigns), null, findings);
    }

    /// <summary>Verifies the Shopify shop: the token, its scopes, and that its currency and time zone match the store's settings.</summary>
    /// <param name="client">The Shopify access client.</param>
    /// <param name="shopDomain">The shop's domain.</param>
    /// <param name="storeCurrency">The configured store currency (<c>STORE_CURRENCY</c>); not compared when null.</param>
    /// <param name="storeTimeZone">The configured time zone (<c>TZ</c>); not compared when null.</param>
    /// <param name="historyDays">How many days of orders the first run pulls; more than 60 needs <c>read_all_orders</c>.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>What was found.</returns>
    public async Task<AccountAccess> VerifyShopifyAsync(
        ShopifyAccessClient client, string shopDomain, string? storeCurrency, string? storeTimeZone, int historyDays, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(client);
        var findings = new List<AccessFinding>();
        const string NewToken = "Reinstall the custom app (or create a new Admin API token) with read_orders, and read_all_orders for history older than 60 days, and set SHOPIFY_ADMIN_TOKEN.";
        ShopifyShopProfile shop;
        try
        {
            shop = await client.GetShopAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (PlatformException ex)
        {
            findings.Add(Refused("Shopify", "the Admin API token", ex, NewToken));
            return Result("shopify", shopDomain, [], ["read_orders"], null, null, null, [], null, findings);
        }

        var missing = new List<string>();
        if (!shop.Scopes.Contains("read_orders", StringComparer.Ordinal))
        {
            missing.Add("read_orders");
            findings.Add(new AccessFinding(AccessSeverity.Problem, "Shopify token lacks the read_orders scope", NewToken));
        }

        if (historyDays > ShopifyDefaultHistoryDays && !shop.Scopes.Contains("read_all_orders", StringComparer.Ordinal))
        {
            missing.Add("read_all_orders");
            findings.Add(new AccessFinding(
                AccessSeverity.Problem,
                string.Create(CultureInfo.InvariantCulture, $"Shopify token lacks read_all_orders, needed for {historyDays} days of history (60 without it)"),
                "Request read_all_orders for the app (Shopify asks a reason for it), or set Store__HistoryDays to 60 or less."));
        }

        if (storeCurrency is not null && !string.Equals(shop.Currency, storeCurrency, StringComparison.Ordinal))
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Problem,
                $"Shopify shop {shop.Domain} sells in {shop.Currency} but STORE_CURRENCY is {storeCurrency}",
                $"Set STORE_CURRENCY={shop.Currency}."));
        }

        if (storeTimeZone is not null && !string.Equals(shop.TimeZone, storeTimeZone, StringComparison.Ordinal))
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Warning,
                $"Shopify shop {shop.Domain} is in {shop.TimeZone} but TZ is {storeTimeZone}: days and hours will not match the shop's reports",
                $"Set TZ={shop.TimeZone}."));
        }

        return Result("shopify", shop.Domain, shop.Scopes, missing, shop.Currency, shop.TimeZone, null, [], null, findings);
    }

    private async Task<T?> Probe<T>(
        Func<Task<T>> call, string scope, List<string> granted, List<string> missing, List<AccessFinding> findings, string fix)
    {
        try
        {
            var result = await call().ConfigureAwait(false);
            granted.Add(scope);
            return result;
        }
        catch (PlatformAuthenticationException ex) when (ex.Context.ErrorCode == "40001")
        {
            missing.Add(scope);
            findings.Add(new AccessFinding(AccessSeverity.Problem, $"TikTok token lacks the {scope} permission ({ex.Message})", fix));
        }
        catch (PlatformException ex)
        {
            findings.Add(Refused("TikTok", $"the {scope} check", ex, fix));
        }

        return default;
    }

    private void ExpiryFindings(string platform, DateTimeOffset? expiresAt, string fix, List<AccessFinding> findings)
    {
        if (expiresAt is not { } expires)
        {
            return;
        }

        var now = _time.GetUtcNow();
        var when = expires.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        if (expires <= now)
        {
            findings.Add(new AccessFinding(AccessSeverity.Problem, $"{platform} token expired at {when}", fix));
        }
        else if (expires - now <= ExpiryWarning)
        {
            findings.Add(new AccessFinding(AccessSeverity.Warning, $"{platform} token expires at {when}, in under {ExpiryWarning.TotalDays:0} days", fix));
        }
    }

    private static void AccountFindings(
        string account, AccountProfile? profile, string? storeCurrency, IReadOnlyList<CampaignBudget> campaigns, List<AccessFinding> findings)
    {
        if (profile is null)
        {
            return;
        }

        if (storeCurrency is not null && !string.Equals(profile.Currency, storeCurrency, StringComparison.Ordinal))
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Problem,
                $"{account} reports money in {profile.Currency} but the store's currency is {storeCurrency}: spend and revenue cannot be compared",
                $"Use an ad account in {storeCurrency} (the currency of an ad account cannot be changed), or set STORE_CURRENCY if the store is in {profile.Currency}."));
        }

        if (!profile.IsActive)
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Problem,
                $"{account} is not active (status {profile.Status})",
                "Settle the account's billing or review in the platform's ads manager, then run the check again."));
        }

        if (!TimeZoneInfo.TryFindSystemTimeZoneById(profile.TimeZone, out _))
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Warning,
                $"{account} is in time zone '{profile.TimeZone}', which this machine does not know: its hours are read as UTC",
                "Install the time zone database (tzdata) on this machine."));
        }

        if (Owning(campaigns) is { Count: > 0 } owning)
        {
            findings.Add(new AccessFinding(
                AccessSeverity.Warning,
                $"{account}: campaign{Plural(owning)} {string.Join(", ", owning)} own{(owning.Count == 1 ? "s" : "")} the budget (campaign budget optimisation); their ad sets have no budget of their own and AdPilot leaves them alone",
                "Manage those budgets at campaign level, or turn campaign budget optimisation off for the campaigns AdPilot should drive."));
        }
    }

    private static IReadOnlyList<string> Owning(IReadOnlyList<CampaignBudget> campaigns) =>
        campaigns.Where(c => c.OwnsBudget).Select(c => c.CampaignId).ToList();

    private static AccessFinding Refused(string platform, string what, PlatformException ex, string fix) => ex switch
    {
        PlatformAuthenticationException => new AccessFinding(AccessSeverity.Problem, $"{platform} refused {what}: expired, revoked or invalid ({ex.Message})", fix),
        _ => new AccessFinding(AccessSeverity.Problem, $"{platform} could not be checked ({ex.GetType().Name.Replace("Platform", "", StringComparison.Ordinal).Replace("Exception", "", StringComparison.Ordinal)}: {ex.Message})", "Check the connection's base URL and network, then run the check again."),
    };

    private static string Plural<T>(IReadOnlyCollection<T> items) => items.Count == 1 ? "" : "s";

    private static AccountAccess Result(
        string platform,
        string accountId,
        IReadOnlyList<string> granted,
        IReadOnlyList<string> missing,
        string? currency,
        string? timeZone,
        string? status,
        IReadOnlyList<string> cbo,
        DateTimeOffset? expiresAt,
        List<AccessFinding> findings) =>
        new(platform, accountId, granted, missing, currency, timeZone, status, cbo, expiresAt, findings.OrderByDescending(f => f.Severity).ToList());
}

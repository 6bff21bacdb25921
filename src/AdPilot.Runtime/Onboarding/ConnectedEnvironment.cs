using System.Collections;
using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Onboarding;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Onboarding;

/// <summary>
/// What <c>adpilot connect</c> recorded, as configuration: the store's domain, currency and time zone
/// (<c>SHOPIFY_STORE_DOMAIN</c>, <c>STORE_CURRENCY</c>, <c>TZ</c>), the apps' ids, the base URLs the connections were made
/// against, and the connected ad accounts (<c>Platforms__Accounts__N__…</c>). Each is added only where the process
/// environment does not set it (for the accounts: where no account is configured at all), so a variable always wins.
/// The tokens come from the secret store (<see cref="Secrets.StoredSecretsEnvironment"/>), not from here.
/// </summary>
public static class ConnectedEnvironment
{
    /// <summary>The environment with the store's connections added under it.</summary>
    /// <param name="environment">The process environment.</param>
    /// <param name="database">The database.</param>
    /// <param name="shopDomain">The store (<c>--store</c>); else <c>SHOPIFY_STORE_DOMAIN</c>; else the database's only store.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><paramref name="environment"/> itself when no connected store is found; else a copy with the settings added.</returns>
    public static async Task<IDictionary> WithConnectionsAsync(
        IDictionary environment, StorageDatabase database, string? shopDomain, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(database);
        string? Variable(string name) => environment[name] is string value && !string.IsNullOrWhiteSpace(value) ? value : null;
        var directory = new StoreDirectory(database, time);
        var domain = shopDomain ?? Variable("SHOPIFY_STORE_DOMAIN") ?? Variable("Shopify__ShopDomain");
        var store = domain is not null
            ? await directory.FindAsync(domain.Trim(), cancellationToken).ConfigureAwait(false)
            : (await directory.ListAsync(cancellationToken).ConfigureAwait(false)) is { Count: 1 } only ? only[0] : null;
        if (store is null)
        {
            return environment;
        }

        var connections = new PlatformConnectionStore(database, time);
        var recorded = await connections.ListAsync(store.Id, cancellationToken).ConfigureAwait(false);
        if (recorded.Count == 0)
        {
            return environment;
        }

        var merged = new Hashtable(environment);
        void Add(string guideName, string dotNetName, string? value)
        {
            if (value is not null && Variable(guideName) is null && Variable(dotNetName) is null)
            {
                merged[guideName] = value;
            }
        }

        Add("SHOPIFY_STORE_DOMAIN", "Shopify__ShopDomain", store.Profile.ShopDomain);
        Add("STORE_CURRENCY", "Store__Currency", store.Profile.Currency);
        Add("TZ", "Store__TimeZone", store.Profile.TimeZone);
        foreach (var connection in recorded)
        {
            var section = connection.Platform switch { "meta" => "Meta", "tiktok" => "TikTok", _ => "Shopify" };
            Add($"{section}__BaseUrl", $"{section}__BaseUrl", connection.BaseUrl);
            if (connection.Platform != "shopify")
            {
                Add(connection.Platform == "meta" ? "META_APP_ID" : "TIKTOK_APP_ID", $"{section}__AppId", connection.AppId);
            }
        }

        var anyConfigured = Variable("META_AD_ACCOUNT_ID") is not null || Variable("TIKTOK_AD_ACCOUNT_ID") is not null
            || environment.Keys.OfType<string>().Any(k => k.StartsWith("Platforms__Accounts__", StringComparison.OrdinalIgnoreCase));
        if (!anyConfigured)
        {
            var accounts = await connections.ListAccountsAsync(store.Id, cancellationToken).ConfigureAwait(false);
            var index = 0;
            foreach (var account in accounts)
            {
                var prefix = string.Create(CultureInfo.InvariantCulture, $"Platforms__Accounts__{index++}__");
                merged[prefix + "Platform"] = account.Platform.ToString();
                merged[prefix + "AccountId"] = account.Platform == Platform.Instagram ? "act_" + account.ExternalId : account.ExternalId;
                merged[prefix + "Currency"] = account.Currency;
            }
        }

        return merged;
    }
}

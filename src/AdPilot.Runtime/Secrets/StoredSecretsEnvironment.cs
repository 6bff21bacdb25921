using System.Collections;
using AdPilot.Runtime.Configuration;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;
using Microsoft.Extensions.Configuration;

namespace AdPilot.Runtime.Secrets;

/// <summary>
/// The stored secrets as configuration: when a secret key is configured (<see cref="SecretKey.KeyVariable"/> or
/// <see cref="SecretKey.KeyFileVariable"/>), the store's secrets are added to the environment under their guide names
/// (<c>META_LONG_LIVED_TOKEN</c> → <c>Meta:AccessToken</c>, as <see cref="GuideVariables"/> maps them) wherever the process
/// environment does not set that variable or its .NET-form key itself, so a variable always wins over a stored secret.
/// </summary>
public static class StoredSecretsEnvironment
{
    /// <summary>The environment with the store's stored secrets added under it.</summary>
    /// <param name="environment">The process environment.</param>
    /// <param name="database">The database holding the secrets.</param>
    /// <param name="shopDomain">The store (<c>--store</c>); else <c>SHOPIFY_STORE_DOMAIN</c>; else the database's only store.</param>
    /// <param name="time">The clock.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns><paramref name="environment"/> itself when no key is configured or no store is found; else a copy with the secrets added.</returns>
    /// <exception cref="SecretKeyException">The configured key is malformed or misplaced.</exception>
    /// <exception cref="SecretException">A stored secret cannot be decrypted with the configured key.</exception>
    public static async Task<IDictionary> WithStoredSecretsAsync(
        IDictionary environment, StorageDatabase database, string? shopDomain, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(environment);
        ArgumentNullException.ThrowIfNull(database);
        string? Variable(string name) => environment[name] as string;
        var dataDirectory = database.Target.SqlitePath is { } path ? Path.GetDirectoryName(Path.GetFullPath(path)) : null;
        var key = SecretKey.FromEnvironment(Variable, dataDirectory);
        if (key is null)
        {
            return environment;
        }

        var directory = new StoreDirectory(database, time);
        var domain = shopDomain ?? NonEmpty(Variable("SHOPIFY_STORE_DOMAIN")) ?? NonEmpty(Variable("Shopify__ShopDomain"));
        var store = domain is not null
            ? await directory.FindAsync(domain.Trim(), cancellationToken).ConfigureAwait(false)
            : (await directory.ListAsync(cancellationToken).ConfigureAwait(false)) is { Count: 1 } only ? only[0] : null;
        if (store is null)
        {
            return environment;
        }

        var stored = await new SecretStore(database, time).ReadAllAsync(store.Id, key, cancellationToken).ConfigureAwait(false);
        var merged = new Hashtable(environment);
        foreach (var (name, value) in stored)
        {
            var dotNetForm = GuideVariables.Keys[name].Replace(ConfigurationPath.KeyDelimiter, "__", StringComparison.Ordinal);
            if (NonEmpty(Variable(name)) is null && NonEmpty(Variable(dotNetForm)) is null)
            {
                merged[name] = value;
            }
        }

        return merged;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value;
}

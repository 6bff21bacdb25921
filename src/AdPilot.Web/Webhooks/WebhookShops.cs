using System.Collections.Concurrent;
using AdPilot.Storage.Stores;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// The stores webhooks come from, by shop domain and by id, read from <see cref="IStoreDirectory"/> once and kept (a
/// store's id, domain and currency do not change while it runs); an unknown shop is asked again each time, so a store
/// added later is found.
/// </summary>
internal sealed class WebhookShops(IStoreDirectory directory)
{
    private readonly ConcurrentDictionary<string, StoredStore> _byDomain = new(StringComparer.OrdinalIgnoreCase);
    private readonly ConcurrentDictionary<long, StoredStore> _byId = new();

    public async ValueTask<StoredStore?> FindAsync(string shopDomain, CancellationToken cancellationToken)
    {
        if (_byDomain.TryGetValue(shopDomain, out var known))
        {
            return known;
        }

        var store = await directory.FindAsync(shopDomain, cancellationToken).ConfigureAwait(false)
            ?? await directory.FindAsync(shopDomain.ToLowerInvariant(), cancellationToken).ConfigureAwait(false);
        if (store is not null)
        {
            _byDomain[shopDomain] = store;
            _byId[store.Id] = store;
        }

        return store;
    }

    public async ValueTask<StoredStore?> GetAsync(long storeId, CancellationToken cancellationToken)
    {
        if (_byId.TryGetValue(storeId, out var known))
        {
            return known;
        }

        var store = await directory.GetAsync(storeId, cancellationToken).ConfigureAwait(false);
        if (store is not null)
        {
            _byId[storeId] = store;
        }

        return store;
    }
}

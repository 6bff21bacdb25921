using System.Globalization;
using AdPilot.Storage.Stores;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Web.Dashboard;

/// <summary>The store a dashboard request is about (<c>?store=ID</c> or the only one), with the others for the picker.</summary>
/// <param name="Store">The store.</param>
/// <param name="Stores">Every store, by shop domain.</param>
/// <param name="Zone">The store's time zone.</param>
internal sealed record StoreScope(StoredStore Store, IReadOnlyList<StoredStore> Stores, TimeZoneInfo Zone)
{
    /// <summary>Gets the store's id.</summary>
    public long Id => Store.Id;

    /// <summary>Gets the store's currency.</summary>
    public string Currency => Store.Profile.Currency;

    /// <summary>A dashboard link that keeps the chosen store when the database holds several.</summary>
    public string Link(string path, string? query = null)
    {
        var parts = new List<string>(2);
        if (Stores.Count > 1)
        {
            parts.Add("store=" + Id.ToString(CultureInfo.InvariantCulture));
        }

        if (!string.IsNullOrEmpty(query))
        {
            parts.Add(query);
        }

        return parts.Count == 0 ? path : path + "?" + string.Join('&', parts);
    }

    /// <summary>
    /// Resolves the request's store: <c>store</c> (an id or a shop domain) from the query or the form; the only store when
    /// none is named. Null when the store cannot be told: none is stored, several are and none was named, or the name is
    /// unknown; the problem then says which (<c>choose</c>, <c>unknown</c>, or a sentence).
    /// </summary>
    public static async Task<(StoreScope? Scope, string? Problem)> ResolveAsync(HttpContext context, IStoreDirectory directory, CancellationToken cancellationToken)
    {
        var stores = await directory.ListAsync(cancellationToken).ConfigureAwait(false);
        string? named = context.Request.Query["store"];
        if (string.IsNullOrWhiteSpace(named) && context.Request.HasFormContentType)
        {
            named = (await context.Request.ReadFormAsync(cancellationToken).ConfigureAwait(false))["store"];
        }

        StoredStore? store;
        if (string.IsNullOrWhiteSpace(named))
        {
            store = stores.Count == 1 ? stores[0] : null;
            if (store is null)
            {
                return (null, stores.Count == 0 ? "No store is registered yet: the first `adpilot run` registers it." : "choose");
            }
        }
        else
        {
            store = long.TryParse(named, NumberStyles.None, CultureInfo.InvariantCulture, out var id)
                ? stores.FirstOrDefault(s => s.Id == id)
                : stores.FirstOrDefault(s => string.Equals(s.Profile.ShopDomain, named, StringComparison.OrdinalIgnoreCase));
            if (store is null)
            {
                return (null, "unknown");
            }
        }

        var zone = TimeZoneInfo.TryFindSystemTimeZoneById(store.Profile.TimeZone, out var found) ? found : TimeZoneInfo.Utc;
        return (new StoreScope(store, stores, zone), null);
    }
}

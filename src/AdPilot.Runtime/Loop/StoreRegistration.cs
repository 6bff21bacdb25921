using AdPilot.Core.Features;
using AdPilot.Runtime.Configuration;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Loop;

/// <summary>Registers the configured store on the loop's first run and keeps its settings up to date on later ones.</summary>
public static class StoreRegistration
{
    /// <summary>
    /// Upserts the store with the configured settings. A new store's data starts <see cref="StoreOptions.HistoryDays"/>
    /// before <paramref name="now"/>; a known store keeps where its data starts.
    /// </summary>
    /// <param name="stores">The store directory.</param>
    /// <param name="options">The configured settings.</param>
    /// <param name="shopDomain">The shop's domain.</param>
    /// <param name="now">The instant now.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The store's id.</returns>
    /// <exception cref="ArgumentException">The options have problems (each named).</exception>
    public static async Task<long> EnsureAsync(IStoreDirectory stores, StoreOptions options, string shopDomain, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(stores);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(shopDomain);
        var errors = options.Validate();
        if (errors.Count > 0)
        {
            throw new ArgumentException(string.Join("; ", errors), nameof(options));
        }

        var existing = await stores.FindAsync(shopDomain, cancellationToken).ConfigureAwait(false);
        var since = existing?.Profile.DataSince ?? LocalHour.FloorToUtcHour(now.AddDays(-options.HistoryDays));
        return await stores.UpsertAsync(options.ToProfile(shopDomain, since), cancellationToken).ConfigureAwait(false);
    }
}

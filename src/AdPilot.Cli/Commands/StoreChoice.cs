using System.CommandLine;
using AdPilot.Storage.Stores;

namespace AdPilot.Cli.Commands;

/// <summary>The <c>--store DOMAIN</c> option of the commands that act on one store, and how it picks the store.</summary>
internal static class StoreChoice
{
    public static Option<string?> Option() => new("--store")
    {
        Description = "The store's shop domain; needed only when the database holds several stores.",
    };

    /// <summary>The store named by <c>--store</c>, or the only one.</summary>
    public static async Task<long> ResolveAsync(IStoreDirectory directory, string? domain, CancellationToken cancellationToken)
    {
        if (domain is not null)
        {
            return (await directory.FindAsync(domain, cancellationToken).ConfigureAwait(false))?.Id
                ?? throw new UsageException($"--store: no store '{domain}' in this database");
        }

        var stores = await directory.ListAsync(cancellationToken).ConfigureAwait(false);
        return stores.Count switch
        {
            1 => stores[0].Id,
            0 => throw new UsageException("this database holds no store yet: connect one first"),
            _ => throw new UsageException($"this database holds {stores.Count} stores ({string.Join(", ", stores.Select(s => s.Profile.ShopDomain))}): name one with --store"),
        };
    }
}

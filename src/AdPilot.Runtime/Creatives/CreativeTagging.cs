using AdPilot.Core.Creatives;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Creatives;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace AdPilot.Runtime.Creatives;

/// <summary>Pulls an account's ads, tags each (mapping file, then naming convention) and stores the tags with their source.</summary>
/// <param name="store">Where the tags live.</param>
/// <param name="time">The clock.</param>
/// <param name="logger">The logger; none when null.</param>
public sealed class CreativeTagging(CreativeStore store, TimeProvider time, ILogger<CreativeTagging>? logger = null)
{
    private readonly ILogger _logger = logger ?? (ILogger)NullLogger.Instance;

    /// <summary>Tags every ad of the account and replaces the stored tags of its ad sets.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="account">The ad account.</param>
    /// <param name="platform">Its platform's ads.</param>
    /// <param name="tagger">The tagger.</param>
    /// <param name="cancellationToken">Cancels the pull; nothing is stored then.</param>
    /// <returns>The stored tags.</returns>
    /// <exception cref="PlatformException">Reading the ads failed; nothing was stored.</exception>
    public async Task<IReadOnlyList<StoredCreativeTag>> TagAsync(
        long storeId, AdAccountRef account, IAdCreativePlatform platform, CreativeTagger tagger, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(account);
        ArgumentNullException.ThrowIfNull(platform);
        ArgumentNullException.ThrowIfNull(tagger);
        var ads = await platform.GetAdsAsync(account, cancellationToken).ConfigureAwait(false);
        var now = time.GetUtcNow();
        var tags = ads.Select(ad =>
        {
            var tag = tagger.Tag(ad.AdId, ad.Name);
            return new StoredCreativeTag(ad.AdSet, ad.AdId, ad.Name, tag.Type, tag.Source, tag.Note, ad.Status, ad.PlatformStatus, now);
        }).ToList();
        await store.ReplaceAsync(storeId, tags, cancellationToken).ConfigureAwait(false);
        _logger.Tagged(account.ToString(), tags.Count, tags.Count(t => t.Type is null));
        return tags;
    }
}

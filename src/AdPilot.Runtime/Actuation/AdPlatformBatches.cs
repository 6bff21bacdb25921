using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>The batch write paths of the configured platforms: Meta's over the Graph batch API; none for TikTok or a simulation.</summary>
public sealed class AdPlatformBatches
{
    private readonly IReadOnlyDictionary<Platform, Func<IBatchAdPlatform>> _batches;

    /// <summary>Initializes a new instance of the <see cref="AdPlatformBatches"/> class.</summary>
    /// <param name="batches">A factory per platform that has a batch path.</param>
    public AdPlatformBatches(IReadOnlyDictionary<Platform, Func<IBatchAdPlatform>> batches)
    {
        ArgumentNullException.ThrowIfNull(batches);
        _batches = batches;
    }

    /// <summary>The batch path of the platform that serves <paramref name="account"/>, if it has one.</summary>
    /// <param name="account">The ad account.</param>
    /// <returns>The batch path, or <see langword="null"/>.</returns>
    public IBatchAdPlatform? For(AdAccountRef account)
    {
        ArgumentNullException.ThrowIfNull(account);
        return _batches.TryGetValue(account.Platform, out var batch) ? batch() : null;
    }
}

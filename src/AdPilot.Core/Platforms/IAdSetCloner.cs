using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>
/// Makes A/B copies of ad sets with a new targeting (Meta: <c>POST /{ad-set-id}/copies</c> then the copy's targeting and
/// budget; TikTok: <c>adgroup/create/</c> from the original's settings, then its ads). Meta, TikTok and the in-process
/// simulated platform implement it beside <see cref="IAdPlatform"/>.
/// </summary>
/// <remarks>Failures are <see cref="PlatformException"/>s naming the account, as for <see cref="IAdPlatform"/>.</remarks>
public interface IAdSetCloner
{
    /// <summary>
    /// Copies an ad set with its ads under a new targeting, budget, name and status. Sent once: the caller owns retries,
    /// and finds a copy whose answer was lost by its name.
    /// </summary>
    /// <param name="account">The ad account that owns the original.</param>
    /// <param name="request">What to copy and how the copy differs.</param>
    /// <param name="cancellationToken">Cancels the calls; a copy may have been made already.</param>
    /// <returns>The copy.</returns>
    Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken);
}

namespace AdPilot.Core.Platforms;

/// <summary>
/// The ads of a platform's ad sets, for creative rotation: read them and switch them on or off. Meta, TikTok and the
/// in-process simulated platform implement it beside <see cref="IAdPlatform"/>.
/// </summary>
/// <remarks>Failures are <see cref="PlatformException"/>s naming the account, as for <see cref="IAdPlatform"/>.</remarks>
public interface IAdCreativePlatform
{
    /// <summary>Reads every ad of the account (all pages), whatever its status.</summary>
    /// <param name="account">The ad account.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The ads.</returns>
    Task<IReadOnlyList<AdSnapshot>> GetAdsAsync(AdAccountRef account, CancellationToken cancellationToken);

    /// <summary>
    /// Sets the status of some ads, the activations before the pauses, so an ad set whose plan keeps an ad active never
    /// passes through a moment with none. Each write is sent once (the caller owns retries, under its intent record).
    /// </summary>
    /// <param name="account">The ad account that owns the ads.</param>
    /// <param name="changes">The changes; empty does nothing.</param>
    /// <param name="cancellationToken">Cancels the calls; changes already sent may have been applied.</param>
    /// <returns>A task that completes when every change was accepted.</returns>
    Task UpdateAdStatusesAsync(AdAccountRef account, IReadOnlyList<AdStatusChange> changes, CancellationToken cancellationToken);
}

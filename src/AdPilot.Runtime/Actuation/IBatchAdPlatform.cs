using AdPilot.Core.Platforms;

namespace AdPilot.Runtime.Actuation;

/// <summary>
/// The optional batch write path of a platform (Meta's Graph batch API): many ad set updates in few requests, each
/// succeeding or failing on its own. The actuator uses it when one cycle has two or more updates for an account whose
/// platform offers it, and <see cref="IAdPlatform.UpdateAdSetAsync"/> otherwise.
/// </summary>
public interface IBatchAdPlatform
{
    /// <summary>Applies several updates to ad sets of one account.</summary>
    /// <param name="account">The ad account that owns the ad sets.</param>
    /// <param name="updates">The updates, each with the campaign its ad set belongs to.</param>
    /// <param name="cancellationToken">Cancels the calls; updates already sent may have been applied.</param>
    /// <returns>One result per update, in input order.</returns>
    /// <exception cref="PlatformException">A whole request failed; which updates were applied is unknown.</exception>
    Task<IReadOnlyList<BatchUpdateResult>> UpdateAdSetsAsync(
        AdAccountRef account, IReadOnlyList<BatchUpdate> updates, CancellationToken cancellationToken);
}

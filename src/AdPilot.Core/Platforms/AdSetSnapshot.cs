using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>An ad set's configuration as the platform reports it now.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="Name">The ad set's name.</param>
/// <param name="CampaignId">The id of the campaign it belongs to.</param>
/// <param name="Status">Whether it can deliver: <see cref="AdSetStatus.Active"/> only when the platform says so.</param>
/// <param name="PlatformStatus">The platform's own status word (e.g. <c>ARCHIVED</c>, <c>DISABLE</c>), for display.</param>
/// <param name="DailyBudget">
/// The daily budget in the account currency, major units; <see langword="null"/> when the ad set has none of its
/// own (a lifetime budget, or the campaign owns the budget): AdPilot must not change it then.
/// </param>
/// <param name="BidStrategy">
/// The bid strategy, or <see langword="null"/> when it is one AdPilot does not manage (e.g. a minimum ROAS).
/// </param>
/// <param name="PlatformBidStrategy">The platform's own bid strategy word, for display.</param>
public sealed record AdSetSnapshot(
    AdSetRef AdSet,
    string Name,
    string CampaignId,
    AdSetStatus Status,
    string PlatformStatus,
    Money? DailyBudget,
    BidStrategy? BidStrategy,
    string PlatformBidStrategy)
{
    /// <summary>
    /// Gets the ad set's targeting (age band and interests) as the platform reports it, or <see langword="null"/> when the
    /// platform did not report it (or reported a shape AdPilot cannot read): the stored targeting is then kept.
    /// </summary>
    public AdSetTargetingRead? Targeting { get; init; }
}

using AdPilot.Core.Domain;

namespace AdPilot.Core.Platforms;

/// <summary>
/// A copy of an ad set for a targeting test (guide §10: "prefer A/B clones"): the original's campaign, optimisation,
/// bidding and ads, with another targeting, its own daily budget, a name and a starting status.
/// </summary>
/// <param name="Original">The ad set to copy.</param>
/// <param name="Name">
/// The copy's name. It is unique per experiment, so a caller that lost the answer (a timeout, a crash) finds the copy by
/// name in <see cref="IAdPlatform.GetAdSetsAsync"/> instead of making a second one.
/// </param>
/// <param name="AgeGroup">The age band the copy targets.</param>
/// <param name="Interests">The interests the copy targets (<see cref="Interests.None"/> for broad).</param>
/// <param name="DailyBudget">The copy's daily budget, in the account currency.</param>
/// <param name="Status">The copy's status once made.</param>
public sealed record AdSetCloneRequest(
    AdSetRef Original,
    string Name,
    AgeGroup AgeGroup,
    Interests Interests,
    Money DailyBudget,
    AdSetStatus Status);

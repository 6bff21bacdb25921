using AdPilot.Core.Domain;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// One decision as the estimators count it: an ad set's logged hours from one start of a local day (or the first logged
/// hour after a gap) to the next, at most 24 hours. Its propensity is the product of the hours' propensities (the
/// probability of the whole day's sequence of actions) and its reward the sum of the hours' profits.
/// </summary>
/// <param name="Episode">The episode's index in the history.</param>
/// <param name="AdSetIndex">The ad set's position in the episode.</param>
/// <param name="AdSet">The ad set.</param>
/// <param name="FirstHour">The index of the decision's first hour in the episode.</param>
/// <param name="Hours">How many logged hours it spans.</param>
/// <param name="StartUtc">The UTC start of its first hour.</param>
/// <param name="State">The state at its first hour.</param>
/// <param name="FirstAction">The action logged at its first hour.</param>
/// <param name="LoggingPropensity">The product of its hours' logged propensities.</param>
/// <param name="Reward">The sum of its hours' profits, in the store currency.</param>
public sealed record DecisionUnit(
    int Episode,
    int AdSetIndex,
    AdSetRef AdSet,
    int FirstHour,
    int Hours,
    DateTimeOffset StartUtc,
    AdEnvironmentState State,
    AdAction FirstAction,
    double LoggingPropensity,
    double Reward);

using AdPilot.Core.Simulation;

namespace AdPilot.Core.Training.OffPolicy;

/// <summary>
/// A run of logged hours over one fixed set of ad sets (one ad account's, as the loop ran its policy), in hour order;
/// hours may be missing in between (the loop did not run), but every hour holds a step for every ad set.
/// </summary>
/// <param name="AdSets">The ad sets, in the order of every hour's steps, as a candidate policy is reset with them.</param>
/// <param name="Currency">The store currency.</param>
/// <param name="Limits">The limits a candidate's actions pass.</param>
/// <param name="Hours">The hours, ascending.</param>
public sealed record LoggedEpisode(IReadOnlyList<AdSetDescriptor> AdSets, string Currency, ActionLimits Limits, IReadOnlyList<LoggedHour> Hours);

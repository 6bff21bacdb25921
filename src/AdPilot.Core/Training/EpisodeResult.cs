using AdPilot.Core.Domain;

namespace AdPilot.Core.Training;

/// <summary>What one policy achieved over one episode.</summary>
/// <param name="Policy">The policy's name.</param>
/// <param name="Hours">Hours simulated.</param>
/// <param name="Total">Revenue, spend, cost of goods and conversions summed over the episode.</param>
/// <param name="LimitInterventions">How many proposals the limits changed or refused.</param>
/// <param name="DailyProfit">Profit of each 24-hour period.</param>
public sealed record EpisodeResult(string Policy, int Hours, RewardMetrics Total, long LimitInterventions, IReadOnlyList<double> DailyProfit);

using AdPilot.Core.Domain;

namespace AdPilot.Core.Training;

/// <summary>One policy's result in a comparison.</summary>
/// <param name="Name">The policy's name.</param>
/// <param name="Total">Revenue, spend, cost of goods and conversions over the run.</param>
/// <param name="LimitInterventions">How many proposals the limits changed or refused.</param>
/// <param name="FractionOfOracle">Profit ÷ the oracle's profit; null when the oracle made no profit.</param>
/// <param name="DailyProfit">Profit of each day.</param>
public sealed record PolicyOutcome(string Name, RewardMetrics Total, long LimitInterventions, double? FractionOfOracle, IReadOnlyList<double> DailyProfit);

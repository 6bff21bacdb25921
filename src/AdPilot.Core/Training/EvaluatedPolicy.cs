using AdPilot.Core.Domain;

namespace AdPilot.Core.Training;

/// <summary>One policy's result over every scenario of an evaluation.</summary>
/// <param name="Name">The policy's name.</param>
/// <param name="Total">Revenue, spend, cost of goods and conversions summed over all scenarios.</param>
/// <param name="ProfitByScenario">Profit of each scenario, in scenario order.</param>
/// <param name="FractionOfOracle">Total profit ÷ the oracle's total profit; null when the oracle made none.</param>
/// <param name="LimitInterventions">Proposals the limits changed or refused, over all scenarios.</param>
public sealed record EvaluatedPolicy(
    string Name, RewardMetrics Total, IReadOnlyList<double> ProfitByScenario, double? FractionOfOracle, long LimitInterventions);

namespace AdPilot.Core.Training;

/// <summary>One training episode's line in <c>metrics.jsonl</c>.</summary>
/// <param name="Episode">The episode, from 0.</param>
/// <param name="Scenario">The scenario's name.</param>
/// <param name="ScenarioSeed">The scenario's world seed.</param>
/// <param name="Days">Days simulated.</param>
/// <param name="Profit">The episode's profit (revenue − cost of goods − spend), summed over ad sets.</param>
/// <param name="ProfitPerDay">Profit per simulated day.</param>
/// <param name="RewardTrend">Profit per day averaged over this and up to the nine episodes before it.</param>
/// <param name="Roas">Revenue over spend.</param>
/// <param name="LimitInterventions">Times the limits clamped a proposed action.</param>
/// <param name="Updates">The agent's learning updates so far.</param>
/// <param name="Epsilon">The exploration rate at the episode's end, if the agent has one.</param>
/// <param name="LearningRate">The learning rate at the episode's end, if the agent has one.</param>
/// <param name="Loss">The mean training loss, if the agent has one.</param>
/// <param name="TableSize">The Q-table's visited entries or the model's parameters.</param>
/// <param name="Seconds">Wall-clock seconds the episode took.</param>
public sealed record EpisodeMetrics(
    int Episode,
    string Scenario,
    ulong ScenarioSeed,
    int Days,
    double Profit,
    double ProfitPerDay,
    double RewardTrend,
    double Roas,
    long LimitInterventions,
    long Updates,
    double? Epsilon,
    double? LearningRate,
    double? Loss,
    long? TableSize,
    double Seconds);

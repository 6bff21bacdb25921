namespace AdPilot.Runtime.Retraining;

/// <summary>How a checkpoint was trained, and its figures at the end (those of the last episode, and the trend over the last ten).</summary>
/// <param name="Episodes">Episodes trained in this run.</param>
/// <param name="DaysPerEpisode">Simulated days per episode.</param>
/// <param name="Seed">The run's seed.</param>
/// <param name="Scenarios">Distinct calibrated scenarios the episodes cycled through.</param>
/// <param name="StartedFrom">The registered version training went on from, or null for a fresh agent.</param>
/// <param name="ProfitPerDay">The last episode's simulated profit per day.</param>
/// <param name="RewardTrend">Profit per day averaged over the last ten episodes.</param>
/// <param name="Roas">The last episode's revenue over spend.</param>
/// <param name="Epsilon">The exploration rate at the end, if the agent has one.</param>
/// <param name="Updates">The agent's learning updates in all.</param>
/// <param name="TableSize">The Q-table's entries or the model's parameters, if the agent says.</param>
/// <param name="Seconds">Wall-clock seconds of training.</param>
public sealed record CheckpointTrainingMeta(
    int Episodes,
    int DaysPerEpisode,
    ulong Seed,
    int Scenarios,
    string? StartedFrom,
    double? ProfitPerDay,
    double? RewardTrend,
    double? Roas,
    double? Epsilon,
    long? Updates,
    long? TableSize,
    double Seconds);

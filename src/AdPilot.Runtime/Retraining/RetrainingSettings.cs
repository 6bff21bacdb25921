namespace AdPilot.Runtime.Retraining;

/// <summary>The retraining's settings in force (<see cref="RetrainingOptions.Snapshot"/>): see the options for each.</summary>
/// <param name="Enabled">Whether the nightly run is scheduled.</param>
/// <param name="LocalHour">The store-local hour it starts in.</param>
/// <param name="Episodes">Training episodes per run.</param>
/// <param name="EpisodeDays">Simulated days per episode.</param>
/// <param name="Directory">The checkpoints' folder, as a full path.</param>
/// <param name="WindowDays">Days of data per run.</param>
/// <param name="AgentKind">The agent trained when no registered checkpoint serves.</param>
/// <param name="AdSetsPerScenario">The most ad sets per simulated episode.</param>
/// <param name="Seed">The seed of the draws and the exploration.</param>
public sealed record RetrainingSettings(
    bool Enabled,
    int LocalHour,
    int Episodes,
    int EpisodeDays,
    string Directory,
    int WindowDays,
    string AgentKind,
    int AdSetsPerScenario,
    ulong Seed);

namespace AdPilot.Core.Training;

/// <summary>What a training call did.</summary>
/// <param name="EpisodesRun">Episodes this call ran.</param>
/// <param name="EpisodesDone">Episodes the agent has now trained, those before a resume included.</param>
/// <param name="LatestCheckpoint">The path of the checkpoint of the last episode done.</param>
/// <param name="MetricsPath">The path of the per-episode metrics (JSON lines).</param>
/// <param name="Last">The last episode's metrics, or null when nothing ran.</param>
public sealed record TrainingSummary(int EpisodesRun, int EpisodesDone, string LatestCheckpoint, string MetricsPath, EpisodeMetrics? Last);

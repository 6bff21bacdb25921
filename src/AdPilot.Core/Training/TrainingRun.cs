using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Training;

/// <summary>What one call of <see cref="AgentTrainer.TrainAsync"/> trains: on which scenarios, how long, and where it writes.</summary>
public sealed record TrainingRun
{
    /// <summary>Gets the scenario of each episode.</summary>
    public required TrainingScenarios Scenarios { get; init; }

    /// <summary>Gets the episodes the run has in all, those already done before a resume included.</summary>
    [Range(1, 1_000_000)]
    public required int Episodes { get; init; }

    /// <summary>Gets the episodes already done (those in the checkpoint a resumed run starts from).</summary>
    /// <value>The default value is 0, a fresh run.</value>
    [Range(0, 1_000_000)]
    public int StartEpisode { get; init; }

    /// <summary>Gets the simulated days of each episode.</summary>
    /// <value>The default value is 30.</value>
    [Range(1, 3650)]
    public int DaysPerEpisode { get; init; } = 30;

    /// <summary>Gets the run's seed: each episode's policy seed derives from it and the episode number.</summary>
    public ulong Seed { get; init; }

    /// <summary>Gets the run's identifier, written into every checkpoint.</summary>
    public required string RunId { get; init; }

    /// <summary>Gets the directory the metrics and checkpoints go to; it is created if missing.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Gets how many episodes pass between numbered checkpoints.</summary>
    /// <value>The default value is 10; the last episode is always checkpointed.</value>
    [Range(1, 1_000_000)]
    public int CheckpointEvery { get; init; } = 10;

    /// <summary>The policy seed of one episode.</summary>
    /// <param name="episode">The episode.</param>
    /// <returns>The seed its <see cref="Agents.PolicyContext"/> carries.</returns>
    public ulong PolicySeedFor(int episode) => Simulation.Rng.ForStream(Seed, 0x7EA1, (ulong)episode).NextUInt64();
}

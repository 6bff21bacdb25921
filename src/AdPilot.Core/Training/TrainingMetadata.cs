using System.Globalization;
using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Core.Training;

/// <summary>The keys <see cref="AgentTrainer"/> writes into each checkpoint's metadata, and their readers.</summary>
public static class TrainingMetadata
{
    /// <summary>The episodes done when the checkpoint was taken.</summary>
    public const string Episodes = "training.episodes";

    /// <summary>The run's seed.</summary>
    public const string Seed = "training.seed";

    /// <summary>The simulated days of each episode.</summary>
    public const string DaysPerEpisode = "training.daysPerEpisode";

    /// <summary>Where the scenarios came from (<see cref="TrainingScenarios.Source"/>).</summary>
    public const string Source = "training.source";

    /// <summary>The first family seed trained on.</summary>
    public const string FamilyFirstSeed = "training.familyFirstSeed";

    /// <summary>The last family seed trained on.</summary>
    public const string FamilyLastSeed = "training.familyLastSeed";

    /// <summary>The profit-per-day trend at the checkpoint.</summary>
    public const string RewardTrend = "training.rewardTrend";

    /// <summary>The episodes a checkpoint says were done, or 0 when it does not say.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The episodes done.</returns>
    /// <exception cref="CheckpointException">The value is not a count.</exception>
    public static int EpisodesOf(Checkpoint checkpoint) => checkpoint is null
        ? throw new ArgumentNullException(nameof(checkpoint))
        : checkpoint.Metadata.TryGetValue(Episodes, out var text)
            ? int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var episodes)
                ? episodes
                : throw new CheckpointException(CheckpointError.InvalidManifest, $"the checkpoint's '{Episodes}' is '{text}', not a count of episodes")
            : 0;

    /// <summary>The family seeds a checkpoint's agent trained on, or null when it trained on a list or does not say.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The first and last seed, inclusive.</returns>
    public static (ulong First, ulong Last)? FamilySeedsOf(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return checkpoint.Metadata.TryGetValue(FamilyFirstSeed, out var first)
            && checkpoint.Metadata.TryGetValue(FamilyLastSeed, out var last)
            && ulong.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var f)
            && ulong.TryParse(last, NumberStyles.None, CultureInfo.InvariantCulture, out var l)
                ? (f, l)
                : null;
    }
}

using AdPilot.Core.Guardrails;

namespace AdPilot.Runtime.Demo;

/// <summary>What <c>adpilot demo</c> runs: a simulated store's days through the real hourly loop, shadow, then pilot, then expand.</summary>
public sealed record DemoOptions
{
    /// <summary>The most days a demo runs.</summary>
    public const int MaxDays = 365;

    /// <summary>Gets the simulated days the loop runs.</summary>
    public int Days { get; init; } = 14;

    /// <summary>Gets the store's ad sets, split between Meta and TikTok.</summary>
    public int AdSets { get; init; } = 8;

    /// <summary>Gets the seed of the store's world (a scenario of the default family) and of the policy's exploration.</summary>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets the folder of the demo's database, checkpoints, log and report.</summary>
    public string OutDirectory { get; init; } = "./adpilot-data";

    /// <summary>Gets the hours the world runs under people's budgets before the loop starts, so its first state has history.</summary>
    public int HistoryHours { get; init; } = 72;

    /// <summary>Gets the days in shadow; null for a quarter of <see cref="Days"/>, rounded up.</summary>
    public int? ShadowDays { get; init; }

    /// <summary>Gets the days in pilot; null for a quarter of <see cref="Days"/>, rounded up, within what is left.</summary>
    public int? PilotDays { get; init; }

    /// <summary>Gets the simulated stores (30 days each) the bandit is pretrained on before it meets the demo's store.</summary>
    public int TrainingEpisodes { get; init; } = 100;

    /// <summary>Gets settings that override the demo's own (e.g. <c>Guardrails:ApprovalIncreaseShare</c>); tests use it.</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

    /// <summary>Gets the days of each stage, in order: shadow, pilot, expand.</summary>
    public (int Shadow, int Pilot, int Expand) Stages
    {
        get
        {
            var shadow = Math.Min(Days, ShadowDays ?? (Days + 3) / 4);
            var pilot = Math.Min(Days - shadow, PilotDays ?? (Days + 3) / 4);
            return (shadow, pilot, Days - shadow - pilot);
        }
    }

    /// <summary>The stage of the loop's <paramref name="hour"/>-th hour (0 is its first).</summary>
    /// <param name="hour">The hour since the loop started.</param>
    /// <returns>The stage.</returns>
    public RolloutStage StageAt(int hour)
    {
        var (shadow, pilot, _) = Stages;
        var day = hour / 24;
        return day < shadow ? RolloutStage.Shadow : day < shadow + pilot ? RolloutStage.Pilot : RolloutStage.Expand;
    }

    /// <summary>Checks the options.</summary>
    /// <returns>Each problem, naming its option; empty when valid.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (Days is < 1 or > MaxDays)
        {
            errors.Add($"--days must be 1 to {MaxDays}, got {Days}");
        }

        if (AdSets is < 2 or > 200)
        {
            errors.Add($"--adsets must be 2 to 200, got {AdSets}");
        }

        if (HistoryHours is < 24 or > 24 * 30)
        {
            errors.Add($"the history must be 24 to 720 hours, got {HistoryHours}");
        }

        if (ShadowDays is < 0 || PilotDays is < 0 || (ShadowDays ?? 0) + (PilotDays ?? 0) > Days)
        {
            errors.Add($"--shadow-days and --pilot-days must not be negative nor add up to more than --days ({Days})");
        }

        if (TrainingEpisodes is < 0 or > 10_000)
        {
            errors.Add($"the pretraining episodes must be 0 to 10000, got {TrainingEpisodes}");
        }

        if (string.IsNullOrWhiteSpace(OutDirectory))
        {
            errors.Add("--out must name a folder");
        }

        return errors;
    }
}

using AdPilot.Sandbox.Faults;

namespace AdPilot.Runtime.Chaos;

/// <summary>What <c>adpilot chaos</c> runs: simulated days of the real hourly loop against a sandbox that misbehaves on every endpoint, with workers killed at random points.</summary>
public sealed record ChaosOptions
{
    /// <summary>The most days a soak runs.</summary>
    public const int MaxDays = 365;

    /// <summary>Gets the simulated days the loop runs.</summary>
    /// <value>The default value is 30.</value>
    public int Days { get; init; } = 30;

    /// <summary>Gets the seed of the world, the fault plan, the kills and the policy's exploration.</summary>
    /// <value>The default value is 1.</value>
    public ulong Seed { get; init; } = 1;

    /// <summary>Gets the store's ad sets, split between Meta and TikTok.</summary>
    /// <value>The default value is 6.</value>
    public int AdSets { get; init; } = 6;

    /// <summary>
    /// Gets the chance, drawn once per hour while no kill is pending, that the worker is to be killed at one of the
    /// <see cref="Loop.FaultPoint"/>s (chosen at random); the kill happens the first time the worker reaches that point.
    /// </summary>
    /// <value>The default value is 0.1.</value>
    public double KillProbability { get; init; } = 0.1;

    /// <summary>Gets the faults to inject instead of the plan drawn from <see cref="Seed"/> (<see cref="ChaosFaultPlan.Create"/>); null for the drawn plan.</summary>
    public SandboxFaults? Faults { get; init; }

    /// <summary>Gets the folder of the soak's database and log; a run replaces the last one's.</summary>
    public string OutDirectory { get; init; } = "./adpilot-chaos";

    /// <summary>Gets the days in pilot before expand (the canary alone moves); the rest are expand.</summary>
    /// <value>The default value is 1.</value>
    public int PilotDays { get; init; } = 1;

    /// <summary>Gets the hours the world runs under people's budgets before the loop starts.</summary>
    /// <value>The default value is 72.</value>
    public int HistoryHours { get; init; } = 72;

    /// <summary>Gets how many times faster than real time the worker's delays and timeouts run (retry back-offs, attempt timeouts, throttle waits).</summary>
    /// <value>The default value is 100.</value>
    public long WorkerTimeSpeed { get; init; } = 100;

    /// <summary>Gets how many times faster than real time the sandbox's delays run (latency faults, holds, webhook retries).</summary>
    /// <value>
    /// The default value is 10: the sandbox's webhook retries (eight, the waits doubling from 250 ms) then span about
    /// 6 s, longer than a worker takes to restart, as Shopify's span hours.
    /// </value>
    public long SandboxTimeSpeed { get; init; } = 10;

    /// <summary>Gets the policy the loop runs (a baseline or an agent of the catalog).</summary>
    /// <value>The default value is <c>bandit</c>, pretrained as the demo's is: it explores, so budgets move every day.</value>
    public string Policy { get; init; } = "bandit";

    /// <summary>Gets the simulated stores (30 days each) a learning policy is pretrained on before the soak; 0 starts it from scratch.</summary>
    /// <value>The default value is 20.</value>
    public int TrainingEpisodes { get; init; } = 20;

    /// <summary>Gets settings that override the soak's own (e.g. <c>Guardrails:MaxHourlyChange</c>).</summary>
    public IReadOnlyDictionary<string, string?> Settings { get; init; } = new Dictionary<string, string?>();

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

        if (!double.IsFinite(KillProbability) || KillProbability is < 0 or > 1)
        {
            errors.Add($"--kill-probability must be within [0, 1], got {KillProbability}");
        }

        if (PilotDays < 0 || PilotDays > Days)
        {
            errors.Add($"the pilot days must be 0 to --days ({Days}), got {PilotDays}");
        }

        if (HistoryHours is < 24 or > 24 * 30)
        {
            errors.Add($"the history must be 24 to 720 hours, got {HistoryHours}");
        }

        if (WorkerTimeSpeed is < 1 or > 10_000 || SandboxTimeSpeed is < 1 or > 10_000)
        {
            errors.Add("the time speeds must be 1 to 10000");
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

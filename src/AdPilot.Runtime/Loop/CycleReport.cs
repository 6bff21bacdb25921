using AdPilot.Core.Guardrails;

namespace AdPilot.Runtime.Loop;

/// <summary>What one account-hour cycle did, kept in the cycle ledger and printed by <c>adpilot run --once</c>.</summary>
/// <param name="Account">The ad account, as <c>Platform:AccountId</c>.</param>
/// <param name="Hour">The UTC hour decided for.</param>
/// <param name="Stage">The rollout stage.</param>
/// <param name="AdSets">The account's ad sets read from the platform.</param>
/// <param name="Managed">Of those, the ad sets with a daily budget of their own, which the policy decides for.</param>
/// <param name="InsightRows">Hourly insight rows pulled and upserted (today, and the days of the 72-hour window whose daily totals changed).</param>
/// <param name="Orders">Orders pulled since the watermark.</param>
/// <param name="Recovered">Open intents of earlier cycles settled first.</param>
/// <param name="HumanChanges">Changes people made since the last cycle, logged as human actions.</param>
/// <param name="Rewards">Ad set-hours scored (the hour just completed, its lag hours and late-order hours).</param>
/// <param name="Observed">Whether the policy learned from last hour's outcome this cycle.</param>
/// <param name="Decisions">Decisions logged.</param>
/// <param name="Changes">Decisions that propose a change (not "keep").</param>
/// <param name="Allowed">Verdict allow.</param>
/// <param name="Clamped">Verdict clamp.</param>
/// <param name="Blocked">Verdict block.</param>
/// <param name="PendingApproval">Held for a person.</param>
/// <param name="Applied">Changes applied on the platform this cycle (not counting "no change" entries).</param>
/// <param name="Failed">Changes that failed.</param>
/// <param name="KillSwitchEngaged">Whether the kill switch was engaged.</param>
/// <param name="Alerts">Guardrail alerts raised.</param>
/// <param name="Seconds">How long the cycle took.</param>
public sealed record CycleReport(
    string Account,
    DateTimeOffset Hour,
    RolloutStage Stage,
    int AdSets,
    int Managed,
    int InsightRows,
    int Orders,
    int Recovered,
    int HumanChanges,
    int Rewards,
    bool Observed,
    int Decisions,
    int Changes,
    int Allowed,
    int Clamped,
    int Blocked,
    int PendingApproval,
    int Applied,
    int Failed,
    bool KillSwitchEngaged,
    IReadOnlyList<string> Alerts,
    double Seconds)
{
    /// <summary>Gets how long each stage took, in seconds.</summary>
    public CycleTimings Timings { get; init; } = new();

    /// <summary>
    /// Gets a value indicating whether the store's order pull outlived <see cref="LoopOptions.OrderPullWait"/>: the hour was
    /// scored with the orders stored so far, and the late ones rescore it at the next cycle.
    /// </summary>
    public bool OrdersPending { get; init; }
}

/// <summary>How long each stage of a cycle took, in seconds (what to look at when a cycle is slow).</summary>
public sealed class CycleTimings
{
    /// <summary>Gets or sets settling open intents.</summary>
    public double Recover { get; set; }

    /// <summary>Gets or sets the ad sets and the 72-hour insights replay.</summary>
    public double Insights { get; set; }

    /// <summary>Gets or sets the order ETL.</summary>
    public double Orders { get; set; }

    /// <summary>Gets or sets human-change detection.</summary>
    public double HumanChanges { get; set; }

    /// <summary>Gets or sets scoring the hour before.</summary>
    public double Rewards { get; set; }

    /// <summary>Gets or sets building the states.</summary>
    public double Features { get; set; }

    /// <summary>Gets or sets the policy's update and decisions.</summary>
    public double Decide { get; set; }

    /// <summary>Gets or sets the guardrails and the actuator.</summary>
    public double Apply { get; set; }
}

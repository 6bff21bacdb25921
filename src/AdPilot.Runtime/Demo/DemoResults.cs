using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;

namespace AdPilot.Runtime.Demo;

/// <summary>What one policy earned over the demo's days on the demo's world.</summary>
/// <param name="Name"><c>adpilot</c> (the loop through the APIs), <c>fixed</c> or <c>rules</c> (the simulator, same world and random streams).</param>
/// <param name="Total">The totals over the loop's hours.</param>
/// <param name="Days">Each day's totals, day 1 first (a day is 24 hours from the loop's start).</param>
public sealed record DemoPolicyResult(string Name, RewardMetrics Total, IReadOnlyList<RewardMetrics> Days);

/// <summary>One day of AdPilot's run through the APIs.</summary>
/// <param name="Day">The day, 1 first.</param>
/// <param name="Stage">The rollout stage the day ran in.</param>
/// <param name="ByPlatform">Its totals by platform.</param>
/// <param name="Verdicts">Its decisions by guardrail verdict (allowed, clamped, blocked, pending_approval).</param>
/// <param name="Applied">The changes applied to the platforms that day.</param>
public sealed record DemoDay(int Day, RolloutStage Stage, IReadOnlyDictionary<Platform, RewardMetrics> ByPlatform, IReadOnlyDictionary<string, int> Verdicts, int Applied);

/// <summary>The demo's outcome.</summary>
public sealed record DemoSummary
{
    /// <summary>Gets the days the loop ran.</summary>
    public required int Days { get; init; }

    /// <summary>Gets the days in each stage.</summary>
    public required (int Shadow, int Pilot, int Expand) Modes { get; init; }

    /// <summary>Gets the store's currency.</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the world's seed.</summary>
    public required ulong Seed { get; init; }

    /// <summary>Gets the store's ad sets.</summary>
    public required int AdSets { get; init; }

    /// <summary>Gets AdPilot's result first, then the baselines'.</summary>
    public required IReadOnlyList<DemoPolicyResult> Policies { get; init; }

    /// <summary>Gets AdPilot's days.</summary>
    public required IReadOnlyList<DemoDay> Timeline { get; init; }

    /// <summary>Gets every guardrail the world's own record shows broken (none, when the loop is right).</summary>
    public required IReadOnlyList<string> GuardrailViolations { get; init; }

    /// <summary>Gets the decisions the policy made (one per managed ad set and hour it proposed for).</summary>
    public required int Decisions { get; init; }

    /// <summary>Gets the changes the policy proposed.</summary>
    public required int Changes { get; init; }

    /// <summary>Gets the changes applied to the platforms.</summary>
    public required int Applied { get; init; }

    /// <summary>Gets the proposals the guardrails changed or held: clamped, blocked or sent for approval.</summary>
    public required int GuardrailInterventions { get; init; }

    /// <summary>Gets the changes sent to a person for approval.</summary>
    public required int ApprovalsRequested { get; init; }

    /// <summary>Gets the cycles that failed (each is caught up by the next).</summary>
    public required int FailedCycles { get; init; }

    /// <summary>Gets the database the run wrote.</summary>
    public required string DatabasePath { get; init; }

    /// <summary>Gets the JSON-lines log the run wrote.</summary>
    public required string LogPath { get; init; }

    /// <summary>Gets the wall-clock seconds the run took, pretraining included.</summary>
    public required double Seconds { get; init; }
}

/// <summary>Where the demo is, after each hour.</summary>
/// <param name="Hour">Hours done.</param>
/// <param name="Hours">Hours in all.</param>
/// <param name="Stage">The stage of the hour done.</param>
/// <param name="Profit">AdPilot's profit so far.</param>
/// <param name="Decisions">Decisions so far.</param>
/// <param name="Applied">Changes applied so far.</param>
public readonly record struct DemoProgress(int Hour, int Hours, RolloutStage Stage, double Profit, int Decisions, int Applied);

namespace AdPilot.Core.Training.Backtest;

/// <summary>What the guardrails did to the policy's proposals over the replay.</summary>
/// <param name="Proposals">Proposals made (one per ad set-hour).</param>
/// <param name="Changes">Proposals that changed the budget or status.</param>
/// <param name="Allowed">Allowed as proposed.</param>
/// <param name="Clamped">Clamped to a limit.</param>
/// <param name="Blocked">Blocked.</param>
/// <param name="ApprovalsNeeded">Sent for a person's approval (applied when <see cref="BacktestOptions.ApproveIncreases"/>).</param>
/// <param name="ZeroFilledHours">Ad set-hours the history left out (no delivery), replayed as zero.</param>
public sealed record BacktestCounts(int Proposals, int Changes, int Allowed, int Clamped, int Blocked, int ApprovalsNeeded, int ZeroFilledHours);

using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>Hyperparameters of <see cref="BudgetBanditPolicy"/>.</summary>
public sealed record BudgetBanditOptions
{
    /// <summary>Gets the daily budget moves on Meta, as relative changes.</summary>
    /// <value>
    /// The default value is −19%, −10%, 0, +10%, +19%: every move stays under Meta's ~20% learning threshold, so the
    /// bandit never restarts an ad set's learning phase by itself.
    /// </value>
    public IReadOnlyList<double> InstagramMoves { get; init; } = [-0.19, -0.10, 0, 0.10, 0.19];

    /// <summary>Gets the daily budget moves on TikTok, as relative changes.</summary>
    /// <value>The default value is −25%, −12%, 0, +12%, +25%: under TikTok's ~30% threshold and within the ±25%-an-hour limit.</value>
    public IReadOnlyList<double> TikTokMoves { get; init; } = [-0.25, -0.12, 0, 0.12, 0.25];

    /// <summary>Gets the days of evidence after which an ad set whose expected profit is negative at every reachable budget is paused.</summary>
    /// <value>The default value is 5.</value>
    [Range(1, 365)]
    public int PauseAfterDays { get; init; } = 5;

    /// <summary>Gets the fall of observed CTR below its peak in the current creative's run that triggers a rotation.</summary>
    /// <value>The default value is 0.15 (tuned on family seeds 1–20 among 0.15, 0.25 and 0.35).</value>
    [Range(0.0, 1.0)]
    public double RotateWhenCtrFalls { get; init; } = 0.15;

    /// <summary>Gets the fewest hours a creative runs before the bandit rotates it.</summary>
    /// <value>The default value is 72.</value>
    [Range(24, 24 * 365)]
    public int MinHoursPerCreative { get; init; } = 72;

    /// <summary>Gets the local hour at which the day's move is made.</summary>
    /// <value>The default value is 0 (local midnight, when a daily budget's day starts).</value>
    [Range(0, 23)]
    public int DecisionHour { get; init; }

    /// <summary>Gets the prior and forgetting of each ad set's model of daily profit.</summary>
    /// <value>
    /// The default value is a unit prior without forgetting: over a month a day of evidence is too dear to discount
    /// (tuned on family seeds 1–20: 50.9% of the oracle without forgetting, 49.3% at 0.95, 45.5% at 0.9).
    /// </value>
    public BayesianLinearRegressionOptions Model { get; init; } = new();

    /// <summary>Gets the number of posterior draws used to estimate a move's propensity.</summary>
    /// <value>The default value is 32.</value>
    [Range(1, 10_000)]
    public int PropensityDraws { get; init; } = 32;
}

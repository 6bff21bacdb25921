using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Agents;

/// <summary>How far ahead and how finely the oracle plans.</summary>
public sealed record OraclePolicyOptions
{
    /// <summary>Gets the hours over which the profit-maximising budget is computed.</summary>
    /// <value>The default value is 24 (a daily budget is judged by its day).</value>
    [Range(1, 24 * 7)]
    public int BudgetHorizonHours { get; init; } = 24;

    /// <summary>Gets the hours over which creeping and jumping toward the target budget, and creative rotations, are compared.</summary>
    /// <value>The default value is 72.</value>
    [Range(1, 24 * 14)]
    public int PlanningHorizonHours { get; init; } = 72;

    /// <summary>Gets the precision of the budget search, in log budget.</summary>
    /// <value>The default value is 0.005 (half a percent).</value>
    [Range(1e-6, 1.0)]
    public double BudgetTolerance { get; init; } = 0.005;

    /// <summary>Gets the relative gain a creative rotation must promise over staying.</summary>
    /// <value>The default value is 0.02.</value>
    [Range(0.0, 1.0)]
    public double RotationMargin { get; init; } = 0.02;

    /// <summary>Gets a value indicating whether the oracle may move a budget past the learning threshold when that pays.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool AllowLearningJumps { get; init; } = true;

    /// <summary>Gets a value indicating whether the oracle rotates worn creatives.</summary>
    /// <value>The default value is <see langword="true"/>.</value>
    public bool RotateCreatives { get; init; } = true;
}

using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Simulation;

/// <summary>
/// The limits every action passes, whoever proposes it (the oracle included): the environment clamps or
/// refuses whatever exceeds them and counts each intervention.
/// </summary>
public sealed record ActionLimits
{
    /// <summary>Gets the default limits.</summary>
    public static ActionLimits Default { get; } = new();

    /// <summary>Gets the largest relative budget change per hour.</summary>
    /// <value>The default value is 0.25 (±25% an hour).</value>
    [Range(0.0, 10.0)]
    public double MaxHourlyBudgetChange { get; init; } = 0.25;

    /// <summary>Gets the fewest hours between two creative rotations of one ad set.</summary>
    /// <value>The default value is 24 (once a day).</value>
    [Range(0, 24 * 365)]
    public int MinHoursBetweenCreativeRotations { get; init; } = 24;
}

using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Agents;

/// <summary>Settings of proportional reallocation by trailing ROAS.</summary>
public sealed record ProportionalPolicyOptions
{
    /// <summary>Gets the hours of history ROAS is taken over.</summary>
    /// <value>The default value is 72.</value>
    [Range(1, 24 * 30)]
    public int WindowHours { get; init; } = 72;

    /// <summary>Gets the hours between two reallocations.</summary>
    /// <value>The default value is 24 (daily).</value>
    [Range(1, 24 * 30)]
    public int ReallocateEveryHours { get; init; } = 24;

    /// <summary>Gets the ROAS added to every ad set's before sharing, so one bad window does not starve an ad set.</summary>
    /// <value>The default value is 0.5.</value>
    [Range(0.0, 100.0)]
    public double RoasFloor { get; init; } = 0.5;

    /// <summary>Gets the revenue ROAS is judged by.</summary>
    /// <value>The default value is <see cref="RoasSource.Shopify"/>.</value>
    public RoasSource RoasSource { get; init; } = RoasSource.Shopify;
}

using System.ComponentModel.DataAnnotations;

namespace AdPilot.Core.Agents;

/// <summary>The automated rules marketers run today, as Meta's and TikTok's rule builders express them.</summary>
public sealed record RulesPolicyOptions
{
    /// <summary>Gets the trailing ROAS above which the budget is raised.</summary>
    /// <value>The default value is 3.</value>
    [Range(0.0, 100.0)]
    public double IncreaseAboveRoas { get; init; } = 3.0;

    /// <summary>Gets the trailing ROAS below which the budget is cut.</summary>
    /// <value>The default value is 1.5.</value>
    [Range(0.0, 100.0)]
    public double DecreaseBelowRoas { get; init; } = 1.5;

    /// <summary>Gets the relative size of each raise or cut.</summary>
    /// <value>The default value is 0.2 (20%).</value>
    [Range(0.0, 1.0)]
    public double Step { get; init; } = 0.2;

    /// <summary>Gets the hours of history the ROAS is taken over.</summary>
    /// <value>The default value is 24.</value>
    [Range(1, 24 * 30)]
    public int WindowHours { get; init; } = 24;

    /// <summary>Gets the fewest hours between two budget changes of one ad set.</summary>
    /// <value>The default value is 24 (at most one change a day).</value>
    [Range(1, 24 * 30)]
    public int MinHoursBetweenChanges { get; init; } = 24;

    /// <summary>Gets the trailing ROAS below which, held for <see cref="PauseAfterHours"/>, the ad set is paused.</summary>
    /// <value>The default value is 0.5.</value>
    [Range(0.0, 100.0)]
    public double PauseBelowRoas { get; init; } = 0.5;

    /// <summary>Gets the hours of ROAS under <see cref="PauseBelowRoas"/> after which the ad set is paused.</summary>
    /// <value>The default value is 48.</value>
    [Range(1, 24 * 30)]
    public int PauseAfterHours { get; init; } = 48;

    /// <summary>Gets the revenue the rules judge ROAS by.</summary>
    /// <value>
    /// The default value is <see cref="RoasSource.Shopify"/>: the UTM-attributed Shopify revenue AdPilot itself is judged by,
    /// as Shopify-connected rule tools do. <see cref="RoasSource.Platform"/> reproduces Meta's and TikTok's own rule engines,
    /// which act on over-counted platform purchases and so scale ad sets past their break-even.
    /// </value>
    public RoasSource RoasSource { get; init; } = RoasSource.Shopify;
}

using System.ComponentModel;

namespace AdPilot.Core.Simulation;

/// <summary>How purchases follow clicks: a log-normal lag truncated at <see cref="MaxLagHours"/>, and lost UTMs.</summary>
public sealed record AttributionParameters
{
    /// <summary>Gets the median hours from click to purchase.</summary>
    [Description("Median hours from click to purchase, in (0, 72).")]
    public required double LagMedianHours { get; init; }

    /// <summary>Gets the standard deviation of the logarithm of the lag.</summary>
    [Description("Standard deviation of the log of the click-to-purchase lag, in (0, 5).")]
    public required double LagSigma { get; init; }

    /// <summary>Gets the longest lag; later purchases are not attributed (Meta's 3-day click window: 72).</summary>
    [Description("Longest lag in hours (1..168); the tail beyond it is folded back in.")]
    public required int MaxLagHours { get; init; }

    /// <summary>Gets the share of ad-driven orders that reach Shopify without UTM parameters.</summary>
    [Description("Share of ad-driven orders that reach Shopify without UTM parameters, in [0, 1].")]
    public required double UtmMissingRate { get; init; }
}

using AdPilot.Core.Simulation;

namespace AdPilot.Core.Agents;

/// <summary>Which revenue a baseline judges ROAS by.</summary>
public enum RoasSource
{
    /// <summary>The purchase value the ad platform reports (what Meta's and TikTok's automated rules see).</summary>
    Platform = 0,

    /// <summary>Shopify revenue attributed to the ad set by UTM parameters.</summary>
    Shopify = 1,
}

/// <summary>Reads an hour's revenue the way a <see cref="RoasSource"/> counts it.</summary>
public static class RoasSourceExtensions
{
    /// <summary>The hour's revenue by this source.</summary>
    /// <param name="source">The source.</param>
    /// <param name="info">The ad set's hour.</param>
    /// <returns>Platform-reported revenue, or Shopify revenue that carried the ad set's UTM parameters.</returns>
    public static double RevenueOf(this RoasSource source, in AdSetHourInfo info) => source == RoasSource.Platform
        ? info.PlatformRevenue
        : info.ShopifyRevenue - info.UnattributedRevenue;
}

namespace AdPilot.Core.Agents;

/// <summary>Which revenue a baseline judges ROAS by.</summary>
public enum RoasSource
{
    /// <summary>The purchase value the ad platform reports (what Meta's and TikTok's automated rules see).</summary>
    Platform = 0,

    /// <summary>Shopify revenue attributed to the ad set by UTM parameters.</summary>
    Shopify = 1,
}

namespace AdPilot.Core.Creatives;

/// <summary>Where an ad's creative type came from.</summary>
public enum CreativeTagSource
{
    /// <summary>Nothing gave it one: the ad is untagged, reported and never rotated.</summary>
    None = 0,

    /// <summary>The naming convention found the type in the ad's name.</summary>
    Convention = 1,

    /// <summary>A line of the user's mapping file (which wins over the convention).</summary>
    Mapping = 2,
}

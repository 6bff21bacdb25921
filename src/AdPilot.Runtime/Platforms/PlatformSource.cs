namespace AdPilot.Runtime.Platforms;

/// <summary>Where AdPilot's ad platforms come from.</summary>
public enum PlatformSource
{
    /// <summary>
    /// The Meta and TikTok connectors over HTTP: the real platforms, or the API sandbox when the base URLs point at a
    /// loopback address (the production code path, end to end).
    /// </summary>
    Api = 0,

    /// <summary>A simulated world in this process, without HTTP: every platform of one scenario.</summary>
    Simulated = 1,
}

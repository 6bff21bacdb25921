using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>The ad account ids a world's platforms answer to, derived from the scenario's seed so runs are repeatable.</summary>
public static class SandboxAccountIds
{
    /// <summary>Meta's ad account id, without <c>act_</c>.</summary>
    /// <param name="seed">The scenario's seed.</param>
    /// <returns>The id.</returns>
    public static string Meta(ulong seed) =>
        (100_000_000_000_000UL + (seed % 900_000_000_000_000UL)).ToString(CultureInfo.InvariantCulture);

    /// <summary>TikTok's advertiser id.</summary>
    /// <param name="seed">The scenario's seed.</param>
    /// <returns>The id.</returns>
    public static string TikTok(ulong seed) =>
        (7_000_000_000_000_000_000UL + (seed % 1_000_000_000_000_000_000UL)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The account id of <paramref name="platform"/>.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="seed">The scenario's seed.</param>
    /// <returns>The id.</returns>
    public static string For(Platform platform, ulong seed) => platform == Platform.TikTok ? TikTok(seed) : Meta(seed);
}

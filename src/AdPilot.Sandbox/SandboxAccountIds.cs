using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>
/// The ad account ids a world's platforms answer to, derived from the scenario's seed so runs are repeatable, and how a
/// platform's ad sets are dealt to its accounts when a world is served as several accounts per platform.
/// </summary>
/// <remarks>
/// Account <c>index</c> 0 has the id a world has always had. The ids of one seed differ for every index below
/// <see cref="MaxAccounts"/>: account <c>i</c> takes the id of index 0 stepped <c>i</c> times by a fixed stride, inside the
/// same range of digits.
/// </remarks>
public static class SandboxAccountIds
{
    /// <summary>How many accounts per platform the ids keep apart (indexes 0 to <c>MaxAccounts - 1</c>).</summary>
    public const int MaxAccounts = 1_000_000;

    private const ulong MetaRange = 900_000_000_000_000UL;
    private const ulong TikTokRange = 1_000_000_000_000_000_000UL;

    /// <summary>The step between the ids of consecutive indexes; a prime, and times <see cref="MaxAccounts"/> still below either range.</summary>
    private const ulong Stride = 1_000_003UL;

    /// <summary>Meta's ad account id of the first account, without <c>act_</c>.</summary>
    /// <param name="seed">The scenario's seed.</param>
    /// <returns>The id.</returns>
    public static string Meta(ulong seed) => Meta(seed, 0);

    /// <summary>Meta's ad account id of account <paramref name="index"/>, without <c>act_</c> (15 digits).</summary>
    /// <param name="seed">The scenario's seed.</param>
    /// <param name="index">The account's index, 0 for the first; below <see cref="MaxAccounts"/>.</param>
    /// <returns>The id.</returns>
    public static string Meta(ulong seed, int index) =>
        (100_000_000_000_000UL + Step(seed, index, MetaRange)).ToString(CultureInfo.InvariantCulture);

    /// <summary>TikTok's advertiser id of the first advertiser.</summary>
    /// <param name="seed">The scenario's seed.</param>
    /// <returns>The id.</returns>
    public static string TikTok(ulong seed) => TikTok(seed, 0);

    /// <summary>TikTok's advertiser id of advertiser <paramref name="index"/> (19 digits).</summary>
    /// <param name="seed">The scenario's seed.</param>
    /// <param name="index">The advertiser's index, 0 for the first; below <see cref="MaxAccounts"/>.</param>
    /// <returns>The id.</returns>
    public static string TikTok(ulong seed, int index) =>
        (7_000_000_000_000_000_000UL + Step(seed, index, TikTokRange)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The account id of the first account of <paramref name="platform"/>.</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="seed">The scenario's seed.</param>
    /// <returns>The id.</returns>
    public static string For(Platform platform, ulong seed) => For(platform, seed, 0);

    /// <summary>The account id of account <paramref name="index"/> of <paramref name="platform"/> (Meta's without <c>act_</c>).</summary>
    /// <param name="platform">The platform.</param>
    /// <param name="seed">The scenario's seed.</param>
    /// <param name="index">The account's index, 0 for the first.</param>
    /// <returns>The id.</returns>
    public static string For(Platform platform, ulong seed, int index) =>
        platform == Platform.TikTok ? TikTok(seed, index) : Meta(seed, index);

    /// <summary>
    /// Deals the ad sets of <paramref name="platform"/> to <paramref name="accounts"/> accounts round-robin in scenario
    /// order: the k-th ad set of the platform (counting from 0) goes to account <c>k mod accounts</c>; a copy made by
    /// <see cref="SandboxWorld.CloneAdSet"/> goes to its original's account, after the scenario's ad sets.
    /// </summary>
    /// <param name="world">The world.</param>
    /// <param name="platform">The platform.</param>
    /// <param name="accounts">How many accounts the platform has, at least 1.</param>
    /// <returns>Each account's ad sets, by account index, in scenario order.</returns>
    public static IReadOnlyList<IReadOnlyList<SandboxAdSet>> Deal(SandboxWorld world, Platform platform, int accounts)
    {
        ArgumentNullException.ThrowIfNull(world);
        ArgumentOutOfRangeException.ThrowIfLessThan(accounts, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(accounts, MaxAccounts);
        var dealt = Enumerable.Range(0, accounts).Select(_ => new List<SandboxAdSet>()).ToArray();
        var accountOf = new Dictionary<int, int>();
        var k = 0;
        var adSets = world.AdSets;
        foreach (var adSet in adSets.Where(a => a.Ref.Platform == platform && a.CopyOf is null))
        {
            accountOf[adSet.Index] = k % accounts;
            dealt[k++ % accounts].Add(adSet);
        }

        foreach (var copy in adSets.Where(a => a.Ref.Platform == platform && a.CopyOf is not null))
        {
            dealt[accountOf[copy.CopyOf!.Value]].Add(copy);
        }

        return dealt;
    }

    private static ulong Step(ulong seed, int index, ulong range)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, MaxAccounts);
        return ((seed % range) + ((ulong)index * Stride)) % range;
    }
}

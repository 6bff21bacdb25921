namespace AdPilot.Core.Features;

/// <summary>
/// The competitor-activity proxy of <see cref="Domain.AdEnvironmentState.CompetitorActivity"/>: the latest CPM
/// against the ad set's own trailing CPM baseline, minus one (0 = usual prices, 0.2 = auctions 20% dearer).
/// </summary>
/// <remarks>
/// Defined as the simulator defines it. Only hours that served impressions have a CPM, and the baseline decays per
/// such hour, not per clock hour: <c>baseline = Σ dʲ·cpm₍ₙ₋₁₋ⱼ₎ ÷ Σ dʲ</c> with <c>d = 2^(−1 ÷ halfLife)</c> and
/// <c>j = 0</c> the latest CPM, which the baseline includes. The simulator starts its baseline at the ad set's base
/// CPM and blends in each hour with weight <c>1 − d</c>; once that start has decayed (a few half-lives) the two agree.
/// </remarks>
public static class CompetitorActivity
{
    /// <summary>The CPM of an hour: spend × 1000 ÷ impressions, or null without impressions.</summary>
    /// <param name="spend">Spend.</param>
    /// <param name="impressions">Impressions.</param>
    /// <returns>The CPM, or null.</returns>
    public static double? Cpm(double spend, long impressions) => impressions > 0 ? spend * 1000 / impressions : null;

    /// <summary>Competitor activity from the CPMs of the hours that served impressions.</summary>
    /// <param name="cpmsOldestFirst">The CPMs, oldest first; the last is the latest.</param>
    /// <param name="baselineHalfLifeHours">The baseline's half-life in hours with impressions.</param>
    /// <param name="minimumHours">
    /// How many CPMs the baseline needs before the proxy speaks; below it the proxy reads 0 (usual), as a new ad set's
    /// own history says nothing yet about the auction.
    /// </param>
    /// <returns>latest ÷ baseline − 1, or 0 without enough history or with a zero baseline.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A CPM is negative or not finite, or a parameter is out of range.</exception>
    public static double FromCpms(ReadOnlySpan<double> cpmsOldestFirst, double baselineHalfLifeHours, int minimumHours = 1)
    {
        var decay = ShrunkEwma.DecayPerHour(baselineHalfLifeHours);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(minimumHours);
        if (cpmsOldestFirst.Length < minimumHours)
        {
            return 0;
        }

        var weighted = 0.0;
        var weights = 0.0;
        var w = 1.0;
        for (var j = cpmsOldestFirst.Length - 1; j >= 0; j--)
        {
            var cpm = cpmsOldestFirst[j];
            if (!double.IsFinite(cpm) || cpm < 0)
            {
                throw new ArgumentOutOfRangeException(nameof(cpmsOldestFirst), cpm, "a CPM must be a finite number ≥ 0");
            }

            weighted += w * cpm;
            weights += w;
            w *= decay;
        }

        var baseline = weighted / weights;
        return baseline > 0 ? (cpmsOldestFirst[^1] / baseline) - 1 : 0;
    }
}

using System.Globalization;

namespace AdPilot.Core.Experiments;

/// <summary>
/// The verdict of a targeting experiment: a paired t-test on blocks of hours. Within each block (e.g. a day) each arm's
/// Shopify-attributed profit is divided by its daily budget (the arms run on different budgets: the copy on a small test
/// budget taken from the original), and the copy's profit per unit of budget less the original's is one paired difference.
/// Pairing by block cancels what both arms meet at once (the weekday, the season, a competitor's push). The first
/// <see cref="ExperimentTestOptions.WarmUpHours"/> are left out (the copy's learning phase, the original's late orders). The copy wins only
/// when the difference is significant at <see cref="ExperimentTestOptions.Alpha"/> and the copy's profit per unit of budget is at least
/// <see cref="ExperimentTestOptions.MinLift"/> above the original's; otherwise the original keeps its targeting (no change without evidence).
/// </summary>
/// <remarks>
/// A smaller budget buys cheaper impressions (returns diminish with spend), so the copy's profit per unit of budget is
/// biased upwards; the minimum lift guards against keeping a copy on that bias alone.
/// </remarks>
public static class ExperimentAnalysis
{
    /// <summary>Judges an experiment.</summary>
    /// <param name="hours">The hours both arms were scored, in any order; hours before <paramref name="startedAt"/> and its warm-up are ignored.</param>
    /// <param name="startedAt">When both arms started.</param>
    /// <param name="originalBudget">The original's daily budget during the test.</param>
    /// <param name="copyBudget">The copy's daily budget.</param>
    /// <param name="options">The test's settings.</param>
    /// <returns>The verdict.</returns>
    /// <exception cref="ArgumentOutOfRangeException">A budget is not positive.</exception>
    public static ExperimentVerdict Decide(
        IEnumerable<ArmHour> hours, DateTimeOffset startedAt, decimal originalBudget, decimal copyBudget, ExperimentTestOptions options)
    {
        ArgumentNullException.ThrowIfNull(hours);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(originalBudget);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(copyBudget);
        var blockHours = options.BlockHours;
        var from = startedAt.AddHours(options.WarmUpHours);
        var blocks = hours
            .Where(h => h.Hour >= from)
            .GroupBy(h => (long)((h.Hour - from).TotalHours / blockHours))
            .Select(g => (Count: g.Count(), Original: g.Sum(h => h.OriginalProfit), Copy: g.Sum(h => h.CopyProfit)))
            .Where(b => b.Count * 2 >= blockHours)
            .ToArray();

        var originalProfit = blocks.Sum(b => b.Original);
        var copyProfit = blocks.Sum(b => b.Copy);
        var scoredHours = blocks.Sum(b => b.Count);
        var originalPerBudget = scoredHours == 0 ? 0 : (double)(originalProfit / originalBudget) * 24 / scoredHours;
        var copyPerBudget = scoredHours == 0 ? 0 : (double)(copyProfit / copyBudget) * 24 / scoredHours;
        var n = blocks.Length;

        double? p = null;
        var mean = 0.0;
        if (n >= 2)
        {
            var differences = blocks.Select(b => ((double)(b.Copy / copyBudget) - (double)(b.Original / originalBudget)) * 24 / b.Count).ToArray();
            mean = differences.Average();
            var variance = differences.Sum(d => (d - mean) * (d - mean)) / (n - 1);
            if (variance > 0)
            {
                p = StudentT.TwoSidedP(mean / Math.Sqrt(variance / n), n - 1);
            }
            else if (mean != 0)
            {
                p = 0;
            }
        }

        var significant = n >= options.MinBlocks && p is { } pv && pv < options.Alpha;
        var lifted = copyPerBudget - originalPerBudget >= options.MinLift * Math.Abs(originalPerBudget) && copyPerBudget > originalPerBudget;
        var winner = significant && mean > 0 && lifted ? ExperimentArm.Copy : ExperimentArm.Original;
        var figures = string.Create(
            CultureInfo.InvariantCulture,
            $"profit per unit of daily budget per day: copy {copyPerBudget:0.###}, original {originalPerBudget:0.###} over {n} block(s) of {blockHours} h after a {options.WarmUpHours} h warm-up; p = {(p is { } shown ? shown.ToString("0.####", CultureInfo.InvariantCulture) : "n/a")}");
        var explanation = winner == ExperimentArm.Copy
            ? $"the copy wins: {figures}"
            : n < options.MinBlocks
                ? string.Create(CultureInfo.InvariantCulture, $"too little data to judge ({n} block(s), at least {options.MinBlocks} needed); the original keeps its targeting: {figures}")
                : significant && mean < 0
                    ? $"the original wins: {figures}"
                    : significant
                        ? string.Create(CultureInfo.InvariantCulture, $"the copy is better but by less than the {options.MinLift:P0} minimum lift; the original keeps its targeting: {figures}")
                        : string.Create(CultureInfo.InvariantCulture, $"no significant difference at α = {options.Alpha}; the original keeps its targeting: {figures}");
        return new ExperimentVerdict(winner, significant, p, n, originalProfit, copyProfit, originalPerBudget, copyPerBudget, explanation);
    }
}

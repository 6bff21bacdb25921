namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// The statistics the calibration report compares, as pure functions, so the data and the simulator's output go
/// through the same code. Standard deviations are sample ones (divided by n − 1).
/// </summary>
public static class CalibrationStatistics
{
    /// <summary>The sample standard deviation.</summary>
    /// <param name="values">The values.</param>
    /// <returns>The standard deviation, or NaN for fewer than two values.</returns>
    public static double StandardDeviation(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count < 2)
        {
            return double.NaN;
        }

        var mean = values.Average();
        var squares = 0.0;
        foreach (var v in values)
        {
            squares += (v - mean) * (v - mean);
        }

        return Math.Sqrt(squares / (values.Count - 1));
    }

    /// <summary>The sample standard deviation of the natural logarithms of positive values.</summary>
    /// <param name="values">The values, each greater than 0.</param>
    /// <returns>The standard deviation, or NaN for fewer than two values.</returns>
    /// <exception cref="ArgumentException">A value is not greater than 0.</exception>
    public static double LogStandardDeviation(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return StandardDeviation(values.Select(LogOfPositive).ToList());
    }

    /// <summary>
    /// The pooled within-group standard deviation: squared deviations from each group's own mean, summed over all
    /// groups, divided by the total of (n − 1). Groups of fewer than two values add nothing. With one group it is the
    /// sample standard deviation.
    /// </summary>
    /// <param name="groups">The groups of values.</param>
    /// <returns>The standard deviation, or NaN when no group has two values.</returns>
    public static double PooledWithinGroupStandardDeviation(IEnumerable<IReadOnlyList<double>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var squares = 0.0;
        var degrees = 0;
        foreach (var group in groups)
        {
            if (group.Count < 2)
            {
                continue;
            }

            var mean = group.Average();
            foreach (var v in group)
            {
                squares += (v - mean) * (v - mean);
            }

            degrees += group.Count - 1;
        }

        return degrees > 0 ? Math.Sqrt(squares / degrees) : double.NaN;
    }

    /// <summary>The least-squares slope of <paramref name="y"/> on <paramref name="x"/> (with an intercept).</summary>
    /// <param name="x">The regressor.</param>
    /// <param name="y">The response, as long as <paramref name="x"/>.</param>
    /// <returns>The slope, or NaN for fewer than two points or a constant regressor.</returns>
    public static double OlsSlope(IReadOnlyList<double> x, IReadOnlyList<double> y)
    {
        ArgumentNullException.ThrowIfNull(x);
        ArgumentNullException.ThrowIfNull(y);
        if (x.Count != y.Count)
        {
            throw new ArgumentException($"x has {x.Count} values and y {y.Count}", nameof(y));
        }

        if (x.Count < 2)
        {
            return double.NaN;
        }

        var meanX = x.Average();
        var meanY = y.Average();
        var sxy = 0.0;
        var sxx = 0.0;
        for (var i = 0; i < x.Count; i++)
        {
            sxy += (x[i] - meanX) * (y[i] - meanY);
            sxx += (x[i] - meanX) * (x[i] - meanX);
        }

        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    /// <summary>
    /// The pooled within-group least-squares slope of y on x: each group's points centred on the group's own means,
    /// then one slope through all of them, so differences between groups' levels do not count.
    /// </summary>
    /// <param name="groups">The groups of (x, y) points.</param>
    /// <returns>The slope, or NaN when no group has two distinct x.</returns>
    public static double PooledWithinGroupSlope(IEnumerable<IReadOnlyList<(double X, double Y)>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var sxy = 0.0;
        var sxx = 0.0;
        foreach (var group in groups)
        {
            if (group.Count < 2)
            {
                continue;
            }

            var meanX = group.Average(p => p.X);
            var meanY = group.Average(p => p.Y);
            foreach (var (x, y) in group)
            {
                sxy += (x - meanX) * (y - meanY);
                sxx += (x - meanX) * (x - meanX);
            }
        }

        return sxx > 0 ? sxy / sxx : double.NaN;
    }

    /// <summary>The value below which a fraction <paramref name="p"/> of the values lie, interpolating linearly between order statistics.</summary>
    /// <param name="values">The values.</param>
    /// <param name="p">The fraction, in [0, 1].</param>
    /// <returns>The percentile, or NaN without values.</returns>
    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(p, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(p, 1);
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var position = p * (sorted.Length - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Length - 1);
        return sorted[below] + ((position - below) * (sorted[above] - sorted[below]));
    }

    /// <summary>
    /// Week-over-week change: the sample standard deviation of log(level[w]) − log(level[w − 1]), pooled over every
    /// series (the changes of all series together, around their common mean).
    /// </summary>
    /// <param name="series">Weekly levels, each greater than 0; series of one week add nothing.</param>
    /// <returns>The standard deviation and the number of changes it pools.</returns>
    public static (double StandardDeviation, int Changes) WeekOverWeekLogChange(IEnumerable<IReadOnlyList<double>> series)
    {
        ArgumentNullException.ThrowIfNull(series);
        var changes = new List<double>();
        foreach (var levels in series)
        {
            for (var w = 1; w < levels.Count; w++)
            {
                changes.Add(LogOfPositive(levels[w]) - LogOfPositive(levels[w - 1]));
            }
        }

        return (StandardDeviation(changes), changes.Count);
    }

    /// <summary>Per-ad dispersion and response to spend, over ads (or ad sets) as units.</summary>
    /// <param name="ads">Each ad's totals.</param>
    /// <returns>The statistics.</returns>
    public static AdDispersion Dispersion(IReadOnlyList<AdTotals> ads)
    {
        ArgumentNullException.ThrowIfNull(ads);
        var cpm = ads.Where(a => a.Spend > 0 && a.Impressions > 0).Select(a => a.Cpm).ToList();
        var ctr = ads.Where(a => a.Clicks > 0 && a.Impressions > 0).Select(a => a.Ctr).ToList();
        var spend = ads.Where(a => a.Spend > 0).Select(a => a.Spend).ToList();
        var responsive = ads.Where(a => a.Spend > 0 && a.Conversions > 0).ToList();
        var elasticity = OlsSlope(
            responsive.Select(a => Math.Log(a.Spend)).ToList(),
            responsive.Select(a => Math.Log(a.Conversions)).ToList());
        return new AdDispersion(
            ads.Count,
            new Statistic(LogStandardDeviation(cpm), cpm.Count),
            new Statistic(LogStandardDeviation(ctr), ctr.Count),
            new Statistic(LogStandardDeviation(spend), spend.Count),
            new Statistic(elasticity, responsive.Count));
    }

    /// <summary>
    /// Per-ad dispersion and response to spend within groups (an advertiser's campaigns, a simulated store's ad sets):
    /// the same statistics as <see cref="Dispersion"/>, with each group's own mean taken out, so that groups of
    /// different scale (a campaign spending twenty times another) do not widen them.
    /// </summary>
    /// <param name="groups">Each group's ads.</param>
    /// <returns>The pooled within-group statistics.</returns>
    public static AdDispersion WithinGroupDispersion(IEnumerable<IReadOnlyList<AdTotals>> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var list = groups.ToList();
        var cpm = list.Select(g => (IReadOnlyList<double>)[.. g.Where(a => a.Spend > 0 && a.Impressions > 0).Select(a => Math.Log(a.Cpm))]).ToList();
        var ctr = list.Select(g => (IReadOnlyList<double>)[.. g.Where(a => a.Clicks > 0 && a.Impressions > 0).Select(a => Math.Log(a.Ctr))]).ToList();
        var spend = list.Select(g => (IReadOnlyList<double>)[.. g.Where(a => a.Spend > 0).Select(a => Math.Log(a.Spend))]).ToList();
        var response = list
            .Select(g => (IReadOnlyList<(double, double)>)[
                .. g.Where(a => a.Spend > 0 && a.Conversions > 0).Select(a => (Math.Log(a.Spend), Math.Log(a.Conversions)))])
            .ToList();
        return new AdDispersion(
            list.Sum(g => g.Count),
            new Statistic(PooledWithinGroupStandardDeviation(cpm), UsableCount(cpm)),
            new Statistic(PooledWithinGroupStandardDeviation(ctr), UsableCount(ctr)),
            new Statistic(PooledWithinGroupStandardDeviation(spend), UsableCount(spend)),
            new Statistic(PooledWithinGroupSlope(response), response.Where(g => g.Count >= 2).Sum(g => g.Count)));
    }

    /// <summary>
    /// How much conversion rate differs between interests: within each group (one advertiser, or one simulated
    /// store), pool each interest's totals, keep interests with more than <paramref name="minClicks"/> clicks and at
    /// least one conversion, and take the pooled within-group standard deviation of log(conversions ÷ clicks).
    /// </summary>
    /// <param name="groups">Per group, the pooled totals of each interest.</param>
    /// <param name="minClicks">Interests with this many clicks or fewer are left out (their rates are mostly noise).</param>
    /// <returns>The standard deviation and the number of interests it uses.</returns>
    public static Statistic InterestConversionSpread(IEnumerable<IReadOnlyList<AdTotals>> groups, double minClicks)
    {
        ArgumentNullException.ThrowIfNull(groups);
        var logs = groups
            .Select(g => (IReadOnlyList<double>)g.Where(t => t.Clicks > minClicks && t.Conversions > 0).Select(t => Math.Log(t.Cvr)).ToList())
            .ToList();
        return new Statistic(PooledWithinGroupStandardDeviation(logs), logs.Where(g => g.Count >= 2).Sum(g => g.Count));
    }

    /// <summary>Pools totals by a key.</summary>
    /// <typeparam name="TKey">The key, e.g. an age band.</typeparam>
    /// <param name="items">Each item's key and totals.</param>
    /// <returns>The pooled totals of each key.</returns>
    public static IReadOnlyDictionary<TKey, AdTotals> Pool<TKey>(IEnumerable<(TKey Key, AdTotals Totals)> items)
        where TKey : notnull
    {
        ArgumentNullException.ThrowIfNull(items);
        var pooled = new Dictionary<TKey, AdTotals>();
        foreach (var (key, totals) in items)
        {
            pooled[key] = pooled.TryGetValue(key, out var sum) ? sum + totals : totals;
        }

        return pooled;
    }

    private static int UsableCount(IEnumerable<IReadOnlyList<double>> groups) => groups.Where(g => g.Count >= 2).Sum(g => g.Count);

    private static double LogOfPositive(double value) =>
        value > 0 && double.IsFinite(value) ? Math.Log(value) : throw new ArgumentException($"expected values greater than 0, got {value}", nameof(value));
}

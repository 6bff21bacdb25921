using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>The calibration statistics of the simulator's output, computed as <see cref="DataMeasures"/> computes the data's.</summary>
/// <param name="Scenarios">The number of scenarios.</param>
/// <param name="AdSets">The number of ad sets.</param>
/// <param name="Days">The days each scenario ran.</param>
/// <param name="ByAge">The ad sets pooled by their targeted age band; conversions are the purchases their clicks caused.</param>
/// <param name="AdSetsByAge">The number of ad sets in each age band.</param>
/// <param name="Dispersion">Per-ad-set dispersion and the conversions-to-spend elasticity, over all ad sets.</param>
/// <param name="InstagramDispersion">The same over Instagram (Meta) ad sets only, the platform of the KAG data.</param>
/// <param name="InstagramWithinScenario">The Instagram statistics within each scenario (one store), pooled.</param>
/// <param name="InstagramBaseCpmLogSd">Standard deviation of log drawn base CPM over Instagram ad sets (the family's draw, age band included).</param>
/// <param name="InstagramCpmMarkupLogSd">Standard deviation of log(delivered CPM ÷ base CPM) over Instagram ad sets: what saturation, competition and bid caps add.</param>
/// <param name="TikTokDispersion">The same over TikTok ad groups only.</param>
/// <param name="InterestCvrLogSd">
/// Standard deviation of log conversion rate across interests within each scenario (each interest's targeting ad sets
/// pooled, interests with more than 50 clicks), pooled over scenarios.
/// </param>
/// <param name="CompetitorWeeklyLogSd">Standard deviation of the week-over-week change of the log weekly mean competition factor.</param>
/// <param name="CpmWeeklyLogSd">Standard deviation of the week-over-week change of each ad set's log weekly CPM (a proxy an advertiser could measure).</param>
/// <param name="Levels">The family's absolute levels per platform.</param>
/// <param name="MedianPurchases">The median number of purchases an ad set's clicks caused over the run.</param>
public sealed record SimulatorMeasures(
    int Scenarios,
    int AdSets,
    int Days,
    IReadOnlyDictionary<AgeGroup, AdTotals> ByAge,
    IReadOnlyDictionary<AgeGroup, int> AdSetsByAge,
    AdDispersion Dispersion,
    AdDispersion InstagramDispersion,
    AdDispersion InstagramWithinScenario,
    Statistic InstagramBaseCpmLogSd,
    Statistic InstagramCpmMarkupLogSd,
    AdDispersion TikTokDispersion,
    Statistic InterestCvrLogSd,
    Statistic CompetitorWeeklyLogSd,
    Statistic CpmWeeklyLogSd,
    IReadOnlyList<PlatformLevels> Levels,
    double MedianPurchases)
{
    /// <summary>Computes the statistics.</summary>
    /// <param name="sample">The simulated ad sets.</param>
    /// <returns>The statistics.</returns>
    public static SimulatorMeasures Compute(SimulatorSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var adSets = sample.AdSets;
        var interests = Enum.GetValues<Interests>().Where(i => i != Interests.None).ToArray();
        var interestGroups = adSets
            .GroupBy(a => a.Scenario)
            .OrderBy(g => g.Key)
            .Select(g => (IReadOnlyList<AdTotals>)interests
                .Select(i => g.Where(a => (a.Parameters.TargetInterests & i) != 0).Aggregate(default(AdTotals), (s, a) => s + a.Totals))
                .ToList())
            .ToList();
        var instagram = adSets.Where(a => a.Parameters.Platform == Platform.Instagram && a.Totals.Impressions > 0 && a.Totals.Spend > 0).ToList();
        var competitor = CalibrationStatistics.WeekOverWeekLogChange(sample.Competition.Select(c => c.WeeklyMeans));
        var cpm = CalibrationStatistics.WeekOverWeekLogChange(adSets
            .Where(a => a.Weeks.Count >= 2 && a.Weeks.All(w => w.Spend > 0 && w.Impressions > 0))
            .Select(a => (IReadOnlyList<double>)[.. a.Weeks.Select(w => w.Cpm)]));

        return new SimulatorMeasures(
            sample.Scenarios.Count,
            adSets.Count,
            sample.Options.Days,
            CalibrationStatistics.Pool(adSets.Select(a => (a.Parameters.TargetAgeGroup, a.Totals))),
            adSets.GroupBy(a => a.Parameters.TargetAgeGroup).ToDictionary(g => g.Key, g => g.Count()),
            CalibrationStatistics.Dispersion([.. adSets.Select(a => a.Totals)]),
            CalibrationStatistics.Dispersion([.. adSets.Where(a => a.Parameters.Platform == Platform.Instagram).Select(a => a.Totals)]),
            CalibrationStatistics.WithinGroupDispersion(adSets
                .Where(a => a.Parameters.Platform == Platform.Instagram)
                .GroupBy(a => a.Scenario)
                .OrderBy(g => g.Key)
                .Select(g => (IReadOnlyList<AdTotals>)[.. g.Select(a => a.Totals)])),
            new Statistic(CalibrationStatistics.LogStandardDeviation(instagram.Select(a => a.Parameters.BaseCpm)), instagram.Count),
            new Statistic(CalibrationStatistics.LogStandardDeviation(instagram.Select(a => a.Totals.Cpm / a.Parameters.BaseCpm)), instagram.Count),
            CalibrationStatistics.Dispersion([.. adSets.Where(a => a.Parameters.Platform == Platform.TikTok).Select(a => a.Totals)]),
            CalibrationStatistics.InterestConversionSpread(interestGroups, DataMeasures.InterestMinClicks),
            new Statistic(competitor.StandardDeviation, competitor.Changes),
            new Statistic(cpm.StandardDeviation, cpm.Changes),
            [PlatformLevels.Of(Platform.Instagram, adSets), PlatformLevels.Of(Platform.TikTok, adSets)],
            CalibrationStatistics.Percentile([.. adSets.Select(a => a.Totals.Conversions)], 0.5));
    }
}

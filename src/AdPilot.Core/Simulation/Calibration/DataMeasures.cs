using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>The calibration statistics of the real data: the KAG ads and Robyn's weekly series.</summary>
/// <param name="Ads">The number of KAG ads.</param>
/// <param name="Bands">The KAG ads pooled by their own five-year age bands, youngest first.</param>
/// <param name="ByAge">The KAG ads pooled by the simulator's age band they map onto; conversions are approved ones (sales).</param>
/// <param name="Dispersion">Per-ad dispersion and the conversions-to-spend elasticity (with all counted conversions).</param>
/// <param name="WithinCampaign">The same within each of the advertiser's campaigns (<c>xyz_campaign_id</c>), pooled.</param>
/// <param name="ElasticityApproved">The elasticity with approved conversions instead.</param>
/// <param name="InterestCvrLogSd">Standard deviation of log conversion rate (all conversions) across interests with more than 50 clicks.</param>
/// <param name="InterestCvrLogSdApproved">The same with approved conversions.</param>
/// <param name="RobynWeeks">The number of Robyn weeks.</param>
/// <param name="CompetitorWeeklyLogSd">Standard deviation of the week-over-week change of log competitor_sales_B.</param>
/// <param name="FacebookCpmLogSd">Standard deviation of log weekly Facebook CPM, over weeks with Facebook spend.</param>
/// <param name="FacebookCpmWeeklyLogSd">Standard deviation of its week-over-week log change, over consecutive weeks with spend.</param>
/// <param name="FacebookCpmMedian">The median weekly Facebook CPM.</param>
public sealed record DataMeasures(
    int Ads,
    IReadOnlyList<KagBand> Bands,
    IReadOnlyDictionary<AgeGroup, AdTotals> ByAge,
    AdDispersion Dispersion,
    AdDispersion WithinCampaign,
    Statistic ElasticityApproved,
    Statistic InterestCvrLogSd,
    Statistic InterestCvrLogSdApproved,
    int RobynWeeks,
    Statistic CompetitorWeeklyLogSd,
    Statistic FacebookCpmLogSd,
    Statistic FacebookCpmWeeklyLogSd,
    double FacebookCpmMedian)
{
    /// <summary>Interests with this many clicks or fewer are left out of the interest spread.</summary>
    public const double InterestMinClicks = 50;

    /// <summary>Computes the statistics.</summary>
    /// <param name="kag">The KAG ads.</param>
    /// <param name="robyn">Robyn's weekly data.</param>
    /// <returns>The statistics.</returns>
    public static DataMeasures Compute(KagDataset kag, RobynDataset robyn)
    {
        ArgumentNullException.ThrowIfNull(kag);
        ArgumentNullException.ThrowIfNull(robyn);
        var ads = kag.Ads;
        var bands = ads
            .GroupBy(a => a.AgeBand, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .Select(g => new KagBand(g.Key, g.Count(), g.Aggregate(default(AdTotals), (s, a) => s + a.Totals), g.Sum(a => a.ApprovedConversions)))
            .ToList();
        var byAge = CalibrationStatistics.Pool(ads.Select(a => (a.AgeGroup, a.ApprovedTotals)));
        var dispersion = CalibrationStatistics.Dispersion([.. ads.Select(a => a.Totals)]);
        var approved = CalibrationStatistics.Dispersion([.. ads.Select(a => a.ApprovedTotals)]);
        var campaigns = ads.GroupBy(a => a.CampaignId).OrderBy(g => g.Key).Select(g => (IReadOnlyList<AdTotals>)[.. g.Select(a => a.Totals)]);
        var interests = CalibrationStatistics.Pool(ads.Select(a => (a.Interest, a.Totals)));
        var interestsApproved = CalibrationStatistics.Pool(ads.Select(a => (a.Interest, a.ApprovedTotals)));

        var weeks = robyn.Weeks;
        var competitor = CalibrationStatistics.WeekOverWeekLogChange([[.. weeks.Select(w => w.CompetitorSales)]]);
        var cpm = weeks.Where(w => double.IsFinite(w.FacebookCpm)).Select(w => w.FacebookCpm).ToList();
        var cpmChange = CalibrationStatistics.WeekOverWeekLogChange(ConsecutiveRuns(weeks.Select(w => w.FacebookCpm)));

        return new DataMeasures(
            ads.Count,
            bands,
            byAge,
            dispersion,
            CalibrationStatistics.WithinGroupDispersion(campaigns),
            approved.Elasticity,
            CalibrationStatistics.InterestConversionSpread([[.. interests.OrderBy(p => p.Key).Select(p => p.Value)]], InterestMinClicks),
            CalibrationStatistics.InterestConversionSpread([[.. interestsApproved.OrderBy(p => p.Key).Select(p => p.Value)]], InterestMinClicks),
            weeks.Count,
            new Statistic(competitor.StandardDeviation, competitor.Changes),
            new Statistic(CalibrationStatistics.LogStandardDeviation(cpm), cpm.Count),
            new Statistic(cpmChange.StandardDeviation, cpmChange.Changes),
            CalibrationStatistics.Percentile(cpm, 0.5));
    }

    private static List<IReadOnlyList<double>> ConsecutiveRuns(IEnumerable<double> values)
    {
        var runs = new List<IReadOnlyList<double>>();
        var current = new List<double>();
        foreach (var v in values)
        {
            if (double.IsFinite(v))
            {
                current.Add(v);
            }
            else if (current.Count > 0)
            {
                runs.Add(current);
                current = [];
            }
        }

        if (current.Count > 0)
        {
            runs.Add(current);
        }

        return runs;
    }
}

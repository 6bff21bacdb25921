using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation.Calibration;

/// <summary>
/// The calibration report: the simulator's distributions set beside the real data's, statistic by statistic, as a
/// markdown document. It carries no date or timing, so the same inputs give byte-identical markdown and the report
/// can be committed and checked.
/// </summary>
public sealed class CalibrationReport
{
    /// <summary>Age-band ratios (CPM, CTR, CPC, CVR) must be within this fraction of the data's.</summary>
    public const double AgeRatioTolerance = 0.15;

    /// <summary>Standard deviations of logs across ads and interests must be within this of the data's.</summary>
    public const double LogSdTolerance = 0.25;

    /// <summary>The week-over-week log change of competitor pressure must be within this of Robyn's.</summary>
    public const double CompetitorTolerance = 0.04;

    private const string CpmSpreadName = "log-sd of CPM across ads";
    private const string CtrSpreadName = "log-sd of CTR across ads";
    private const string SpendSpreadName = "log-sd of spend across ads within a campaign (KAG) / a store (simulator)";
    private const string InterestSpreadName = "log-sd of CVR across interests";
    private const string ElasticityName = "elasticity of conversions to spend across ads";
    private const string CompetitorName = "week-over-week log change of competitor pressure";

    private static readonly AgeGroup Reference = AgeGroup.Age25To34;
    private static readonly AgeGroup[] ComparedAges = [AgeGroup.Age35To44, AgeGroup.Age45To54];

    private CalibrationReport(CalibrationInputs inputs, DataMeasures data, SimulatorMeasures simulator, IReadOnlyList<CalibrationCheck> checks)
    {
        Inputs = inputs;
        Data = data;
        Simulator = simulator;
        Checks = checks;
    }

    /// <summary>Gets what the report was built from.</summary>
    public CalibrationInputs Inputs { get; }

    /// <summary>Gets the data's statistics.</summary>
    public DataMeasures Data { get; }

    /// <summary>Gets the simulator's statistics.</summary>
    public SimulatorMeasures Simulator { get; }

    /// <summary>Gets every statistic the family is held to, with its tolerance.</summary>
    public IReadOnlyList<CalibrationCheck> Checks { get; }

    /// <summary>Measures the data, runs the simulator and compares them.</summary>
    /// <param name="inputs">The data and the simulator options.</param>
    /// <param name="cancellationToken">Stops the simulation.</param>
    /// <returns>The report.</returns>
    public static CalibrationReport Build(CalibrationInputs inputs, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        var data = DataMeasures.Compute(inputs.Kag, inputs.Robyn);
        var simulator = SimulatorMeasures.Compute(SimulatorSample.Run(inputs.Simulator, cancellationToken));
        return new CalibrationReport(inputs, data, simulator, CreateChecks(data, simulator));
    }

    /// <summary>The checks the family is held to.</summary>
    /// <param name="data">The data's statistics.</param>
    /// <param name="simulator">The simulator's statistics.</param>
    /// <returns>The checks, in report order.</returns>
    public static IReadOnlyList<CalibrationCheck> CreateChecks(DataMeasures data, SimulatorMeasures simulator)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(simulator);
        var checks = new List<CalibrationCheck>();
        foreach (var age in ComparedAges)
        {
            checks.Add(AgeCheck("CPM", age, t => t.Cpm, data, simulator, $"`DefaultFamily.AgeCpm` ({Table(DefaultFamily.AgeCpm)})"));
            checks.Add(AgeCheck("CTR", age, t => t.Ctr, data, simulator, $"`DefaultFamily.AgeCtr` ({Table(DefaultFamily.AgeCtr)})"));
            checks.Add(AgeCheck("CPC", age, t => t.Cpc, data, simulator, "`DefaultFamily.AgeCpm` ÷ `DefaultFamily.AgeCtr`"));
            var raw = RatioOf(data.ByAge, age, t => t.Cvr);
            checks.Add(new CalibrationCheck(
                $"CVR {age.Label()} ÷ {Reference.Label()}, shrunk halfway (the family's target)",
                Math.Sqrt(raw),
                RatioOf(simulator.ByAge, age, t => t.Cvr),
                ComparisonKind.Ratio,
                AgeRatioTolerance,
                $"`DefaultFamily.AgeCvr` ({Table(DefaultFamily.AgeCvr)}), with interest affinity and each ad set's own CVR noise"));
        }

        var meta = simulator.InstagramDispersion;
        checks.Add(new CalibrationCheck(
            CpmSpreadName, data.Dispersion.CpmLogSd.Value, meta.CpmLogSd.Value, ComparisonKind.Difference, LogSdTolerance,
            $"`DefaultFamily.CpmLogSd` ({Fixed(DefaultFamily.CpmLogSd)}) on base CPM, plus the age bands' CPM and Hill saturation "
                + "at each ad set's spend"));
        checks.Add(new CalibrationCheck(
            CtrSpreadName, data.Dispersion.CtrLogSd.Value, meta.CtrLogSd.Value, ComparisonKind.Difference, LogSdTolerance,
            $"`DefaultFamily.CtrLogSd` ({Fixed(DefaultFamily.CtrLogSd)}), plus creative lifts, the age bands' CTR and fatigue"));
        checks.Add(new CalibrationCheck(
            SpendSpreadName,
            data.WithinCampaign.SpendLogSd.Value,
            simulator.InstagramWithinScenario.SpendLogSd.Value,
            ComparisonKind.Difference,
            LogSdTolerance,
            $"`DefaultFamily.BudgetLogSd` ({Fixed(DefaultFamily.BudgetLogSd)}) on daily budgets, floored at 1.5 × the platform "
                + "minimum, and bid caps that throttle delivery; held within a campaign because one scenario is one store, while "
                + "KAG's campaigns differ in scale"));
        checks.Add(new CalibrationCheck(
            InterestSpreadName, data.InterestCvrLogSd.Value, simulator.InterestCvrLogSd.Value, ComparisonKind.Difference, LogSdTolerance,
            $"`DefaultFamily.InterestLogSd` ({Fixed(DefaultFamily.InterestLogSd)}) on interest affinity, plus each ad set's own "
                + "CVR noise, its age band and purchase noise (a simulated interest pools 1–3 ad sets; a KAG interest about 28 "
                + "ads)"));
        checks.Add(new CalibrationCheck(
            CompetitorName, data.CompetitorWeeklyLogSd.Value, simulator.CompetitorWeeklyLogSd.Value, ComparisonKind.Difference, CompetitorTolerance,
            $"`DefaultFamily.CompetitionPersistence` ({Fixed(DefaultFamily.CompetitionPersistence)}) and "
                + $"`DefaultFamily.CompetitionVolatility` ({Fixed(DefaultFamily.CompetitionVolatility, 3)}), plus rare competitor "
                + "pushes (`CompetitionParameters.JumpProbability` and `JumpSize`)"));
        return checks;
    }

    /// <summary>Renders the report.</summary>
    /// <returns>The markdown, with LF line ends.</returns>
    public string ToMarkdown()
    {
        var md = new MarkdownText();
        var options = Inputs.Simulator;
        var passed = Checks.Count(c => c.WithinTolerance);
        var command = $"adpilot calibrate --scenarios {options.Scenarios} --days {options.Days}";
        var misses = passed < Checks.Count ? " The misses are listed [at the end](#where-the-simulator-and-the-data-disagree)." : string.Empty;
        md.Line("# Simulator calibration report")
            .Line()
            .Line("This report sets the distributions of the simulator's default scenario family (`DefaultFamily`) beside the real")
            .Line("data in `shared/data`, statistic by statistic, and holds each calibrated statistic to a stated tolerance. It is")
            .Line($"written by `{command}` and carries no date: the same data and code give the")
            .Line("same bytes, so regenerate and commit it whenever `DefaultFamily` or the simulator changes.")
            .Line()
            .Line($"**{passed} of {Checks.Count} checks are within tolerance.**{misses}");

        WriteSources(md);
        WriteScope(md);
        WriteAgeStructure(md);
        WriteDispersion(md);
        WriteCompetition(md);
        WriteBands(md);
        WriteLevels(md);
        WriteDisagreements(md);
        return md.ToString();
    }

    private void WriteSources(MarkdownText md)
    {
        var o = Inputs.Simulator;
        md.Heading(2, "Sources")
            .Table("source", "rows", "bytes", "git blob", "what it is", "licence and use")
            .Row(
                $"`{Inputs.KagFile.Name}`",
                $"{MarkdownText.Count(Data.Ads)} ads",
                MarkdownText.Count(Inputs.KagFile.Bytes),
                $"`{Inputs.KagFile.GitBlobId}`",
                "Kaggle \"Sales Conversion Optimization\": one anonymous advertiser's Facebook ads, with age band, gender, "
                    + "interest, impressions, clicks, spend and conversions; no dates, no revenue",
                "not stated (Kaggle page licence unconfirmed): research and test data only, not redistributed in the product")
            .Row(
                $"`{Inputs.RobynFile.Name}`",
                $"{MarkdownText.Count(Data.RobynWeeks)} weeks",
                MarkdownText.Count(Inputs.RobynFile.Bytes),
                $"`{Inputs.RobynFile.GitBlobId}`",
                "Robyn's simulated weekly marketing-mix demo data (facebookexperimental/Robyn): revenue, media spend, Facebook "
                    + "impressions, competitor sales",
                "MIT (Meta Platforms, Inc. and affiliates)")
            .Row(
                "simulator",
                $"{MarkdownText.Count(Simulator.AdSets)} ad sets",
                "—",
                "—",
                $"{MarkdownText.Count(o.Scenarios)} scenarios × {o.AdSetsPerScenario} ad sets from `DefaultFamily.Sample`, seeds "
                    + $"{o.FirstSeed}–{o.FirstSeed + (ulong)o.Scenarios - 1}, each run {o.Days} days with fixed budgets; "
                    + "conversions are the purchases each ad set's clicks caused, whenever they arrived",
                "—")
            .Line()
            .Line("The git blob ids are those `git hash-object` prints; `shared/data/SOURCES.md` lists the same ids with the source commits.")
            .Line("One simulated ad set over the run stands for one KAG ad. The data's age bands map onto the simulator's: 30-34 onto")
            .Line("25-34 (the reference band of both), 35-39 and 40-44 together onto 35-44, and 45-49 onto 45-54.");
    }

    private void WriteScope(MarkdownText md)
    {
        var all = Data.Bands.Aggregate(default(AdTotals), (s, b) => s + b.Totals);
        md.Heading(2, "What is calibrated to the data, and what is not")
            .Line("- **Calibrated to the data: relative structure and dispersion.** How CPM, CTR (and so CPC) and conversion rate change")
            .Line("  from one age band to the next (`AgeCpm`, `AgeCtr`, `AgeCvr`); how much CPM and CTR differ between ads (`CpmLogSd`,")
            .Line("  `CtrLogSd`) and conversion rate between interests (`InterestLogSd`), all from KAG; how much competitor pressure moves")
            .Line("  from week to week (`CompetitionPersistence`, `CompetitionVolatility`), from Robyn's `competitor_sales_B`.")
            .Line("- **Set from published typical levels, not from the data: absolute levels.** CPM, CTR, conversion rate, order values and")
            .Line("  budgets per platform come from typical published Meta and TikTok ranges; [the last table](#the-family-in-absolute-terms)")
            .Line($"  shows them. KAG's aggregate CTR of {MarkdownText.Percent(all.Ctr, 3)} and CPM of {MarkdownText.Number(all.Cpm, 3)} are far below")
            .Line("  any plausible Meta figures, so its levels are shown for contrast only.")
            .Line("- **Different on purpose.** `AgeCvr` shrinks the data's fall of conversion rate with age halfway to flat on the log scale")
            .Line("  (ratio → √ratio): one advertiser's product mix drives much of that fall, and a policy should not learn it as a law.")
            .Line("  Both the raw and the shrunk ratio are shown; the simulator is held to the shrunk one.")
            .Line("- **Not covered by any data here.** Hour-of-day and weekday patterns, purchase lags, the learning phase, creative")
            .Line("  fatigue and platform over-reporting: neither file has time stamps finer than a week or platform-reported conversions.");
    }

    private void WriteAgeStructure(MarkdownText md)
    {
        md.Heading(2, "Relative structure by age band")
            .Line("Each rate pooled over the band's ads (sums of spend, impressions, clicks, conversions) and divided by the same rate of")
            .Line($"{Reference.Label()}. Data conversions are approved ones (sales) per click; the simulator's are purchases per click.")
            .Line()
            .Table("statistic", "data", "simulator", "ratio / difference", "note");
        foreach (var age in ComparedAges)
        {
            foreach (var check in Checks.Where(c => c.Kind == ComparisonKind.Ratio && c.Name.Contains(age.Label(), StringComparison.Ordinal)))
            {
                if (check.Name.StartsWith("CVR", StringComparison.Ordinal))
                {
                    var raw = RatioOf(Data.ByAge, age, t => t.Cvr);
                    md.Row(
                        $"CVR {age.Label()} ÷ {Reference.Label()}, raw",
                        MarkdownText.Number(raw, 2),
                        MarkdownText.Number(check.Simulator, 2),
                        "×" + MarkdownText.Number(check.Simulator / raw, 2),
                        "not held: the family shrinks this on purpose (next row)");
                }

                CheckRow(md, check, 2);
            }
        }

        md.Line()
            .Line("The data's CPC falls slightly with age because CTR rises a little faster than CPM; the family keeps both ratios,")
            .Line("so it keeps that too. The simulator's ratios also carry its platform mix and sampling noise per band:")
            .Line(string.Join(", ", Enum.GetValues<AgeGroup>().Select(BandSize)) + ".");
    }

    private void WriteDispersion(MarkdownText md)
    {
        var all = Simulator.Dispersion;
        var meta = Simulator.InstagramDispersion;
        var tiktok = Simulator.TikTokDispersion;
        var campaigns = Inputs.Kag.Ads
            .Where(a => a.Totals.Spend > 0)
            .GroupBy(a => a.CampaignId)
            .Select(g => CalibrationStatistics.Percentile([.. g.Select(a => a.Totals.Spend)], 0.5))
            .ToList();
        var scale = MarkdownText.Number(campaigns.Max() / campaigns.Min(), 0);
        var spent = Inputs.Kag.Ads.Where(a => a.Totals.Spend > 0).ToList();
        var lowSpend = MarkdownText.Number(CalibrationStatistics.Percentile([.. spent.Select(a => a.Totals.Spend)], 0.1), 2);
        var converted = spent.Count(a => a.Totals.Conversions >= 1);
        var single = spent.Count(a => a.Totals.Conversions == 1);
        md.Heading(2, "Dispersion and response across ads")
            .Line("Standard deviations of natural logs (sample, n − 1), one value per ad (KAG) or per ad set over the run (simulator).")
            .Line("The held value is over Instagram ad sets, because KAG is one Meta advertiser; all ad sets and TikTok are shown for")
            .Line("context (the two platforms' CPM levels differ, which widens the pooled spread), and so are the same statistics")
            .Line($"within each of KAG's {MarkdownText.Count(campaigns.Count)} campaigns and within each simulated store, with each group's own")
            .Line($"mean taken out: the median spend of KAG's campaigns differs up to {scale}-fold, a difference of scale the")
            .Line("family gives to no store.")
            .Line()
            .Table("statistic", "data", "simulator", "ratio / difference", "note");
        CheckRow(md, Find(CpmSpreadName), 2);
        ContextRow(md, all.CpmLogSd.Value, tiktok.CpmLogSd.Value);
        WithinRow(md, Data.WithinCampaign.CpmLogSd.Value, Simulator.InstagramWithinScenario.CpmLogSd.Value);
        md.Row(
            "… of which drawn base CPM / delivered ÷ base CPM (Instagram)",
            "—",
            $"{MarkdownText.Number(Simulator.InstagramBaseCpmLogSd.Value, 2)} / "
                + $"{MarkdownText.Number(Simulator.InstagramCpmMarkupLogSd.Value, 2)}",
            "—",
            "context, not held: the markup is what saturation, competition and bid caps add to the drawn CPM");
        CheckRow(md, Find(CtrSpreadName), 2);
        ContextRow(md, all.CtrLogSd.Value, tiktok.CtrLogSd.Value);
        WithinRow(md, Data.WithinCampaign.CtrLogSd.Value, Simulator.InstagramWithinScenario.CtrLogSd.Value);
        CheckRow(md, Find(SpendSpreadName), 2);
        md.Row(
            "… across all ads (KAG) / all Instagram ad sets (simulator)",
            MarkdownText.Number(Data.Dispersion.SpendLogSd.Value, 2),
            MarkdownText.Number(Simulator.InstagramDispersion.SpendLogSd.Value, 2),
            MarkdownText.Signed(Simulator.InstagramDispersion.SpendLogSd.Value - Data.Dispersion.SpendLogSd.Value, 2),
            "context, not held: KAG's campaigns differ in scale, which no single store has");
        ContextRow(md, all.SpendLogSd.Value, tiktok.SpendLogSd.Value);
        CheckRow(md, Find(InterestSpreadName), 2);
        md.Row(
            "… with approved conversions",
            MarkdownText.Number(Data.InterestCvrLogSdApproved.Value, 2),
            "—",
            "—",
            "the held value uses all counted conversions, as `InterestLogSd` was set; "
                + $"{MarkdownText.Count(Data.InterestCvrLogSd.Count)} KAG interests, "
                + $"{MarkdownText.Count(Simulator.InterestCvrLogSd.Count)} simulated interest cells (scenario × interest)");
        md.Row(
            ElasticityName,
            MarkdownText.Number(Data.Dispersion.Elasticity.Value, 2),
            MarkdownText.Number(Simulator.InstagramDispersion.Elasticity.Value, 2),
            MarkdownText.Signed(Simulator.InstagramDispersion.Elasticity.Value - Data.Dispersion.Elasticity.Value, 2),
            "not held: KAG's counts floor at one conversion (see below), which flattens its slope; the simulator's "
                + "diminishing returns are within an ad set (Hill saturation), not across ad sets");
        ContextRow(md, all.Elasticity.Value, tiktok.Elasticity.Value);
        WithinRow(md, Data.WithinCampaign.Elasticity.Value, Simulator.InstagramWithinScenario.Elasticity.Value);
        md.Row(
            "… with approved conversions",
            MarkdownText.Number(Data.ElasticityApproved.Value, 2),
            "—",
            "—",
            $"over {MarkdownText.Count(Data.ElasticityApproved.Count)} ads with a sale; the held value uses all counted "
                + $"conversions, over {MarkdownText.Count(Data.Dispersion.Elasticity.Count)} ads");

        md.Line()
            .Line($"KAG counts: {MarkdownText.Count(spent.Count)} of {MarkdownText.Count(Data.Ads)} ads have spend (the rest delivered impressions but")
            .Line($"no click and no charge). Simulator counts: {MarkdownText.Count(meta.Ads)} Instagram and {MarkdownText.Count(tiktok.Ads)} TikTok ad sets.")
            .Line()
            .Line($"On the elasticity: {MarkdownText.Count(converted)} of the {MarkdownText.Count(spent.Count)} KAG ads with spend have at least one")
            .Line($"counted conversion and {MarkdownText.Percent((double)single / spent.Count, 0)} have exactly one, however little they spent")
            .Line($"(10th percentile of spend: {lowSpend}). Counts that floor at one flatten the slope of log conversions on log")
            .Line($"spend. A simulated ad set's purchases follow its clicks (median {MarkdownText.Number(Simulator.MedianPurchases, 0)} over the run),")
            .Line("so its slope stays near 1, bent only by saturation.");
    }

    private void WriteCompetition(MarkdownText md)
    {
        var check = Find(CompetitorName);
        md.Heading(2, "Competitor pressure")
            .Line("Robyn's `competitor_sales_B` is the data's only series of competitor activity. The simulator has no public reading of")
            .Line("its competition factor exp(log pressure), so the report reads it with a probe: in a copy of each scenario's market")
            .Line("with flat traffic (competitor shocks depend only on the seed, the platform and the hour, so the copy meets the same")
            .Line("pressure), an ad set with linear delivery and full sensitivity turns each hour's impressions back into the factor")
            .Line($"exactly, up to about 0.3% Poisson noise. Its weekly means over {Inputs.Simulator.CompetitionWeeks} weeks from the start, per")
            .Line("scenario and platform, give the week-over-week changes. The weekly mean CPM of the ordinary fixed-budget ad sets")
            .Line("is shown as well: it is what an advertiser could measure, but it follows pressure only partly (sensitivity 0.6–1.2,")
            .Line("Hill shape below 1) and adds daily demand noise, so it is a proxy, not the factor.")
            .Line()
            .Table("statistic", "data", "simulator", "ratio / difference", "note");
        CheckRow(md, check, 3);
        md.Row(
            "… weekly mean CPM of fixed-budget ad sets (proxy)",
            "—",
            MarkdownText.Number(Simulator.CpmWeeklyLogSd.Value, 3),
            "—",
            $"{MarkdownText.Count(Simulator.CpmWeeklyLogSd.Count)} changes over the {Inputs.Simulator.Days}-day runs")
            .Row(
                "log-sd of Robyn's weekly Facebook CPM",
                MarkdownText.Number(Data.FacebookCpmLogSd.Value, 2),
                "—",
                "—",
                $"{MarkdownText.Count(Data.FacebookCpmLogSd.Count)} weeks with Facebook spend, median CPM "
                    + $"{MarkdownText.Number(Data.FacebookCpmMedian, 3)}; not a target")
            .Row(
                "week-over-week log change of Robyn's Facebook CPM",
                MarkdownText.Number(Data.FacebookCpmWeeklyLogSd.Value, 2),
                MarkdownText.Number(Simulator.CpmWeeklyLogSd.Value, 3),
                "—",
                $"{MarkdownText.Count(Data.FacebookCpmWeeklyLogSd.Count)} consecutive-week changes; Robyn simulates impressions "
                    + "apart from spend, so its CPM is no price series and not a target")
            .Line()
            .Line($"Robyn: {MarkdownText.Count(Data.CompetitorWeeklyLogSd.Count)} week-over-week changes of log `competitor_sales_B`.");
    }

    private void WriteBands(MarkdownText md)
    {
        md.Heading(2, "The data by age band (KAG, five-year bands)")
            .Table("band", "maps to", "ads", "impressions", "clicks", "spend", "CPM", "CTR", "CPC", "CVR (approved)", "CVR (all conversions)");
        foreach (var band in Data.Bands)
        {
            var t = band.Totals;
            md.Row(
                band.Band,
                KagDataset.AgeGroupOf(band.Band)?.Label() ?? "—",
                MarkdownText.Count(band.Ads),
                MarkdownText.Count((long)t.Impressions),
                MarkdownText.Count((long)t.Clicks),
                MarkdownText.Number(t.Spend, 2),
                MarkdownText.Number(t.Cpm, 3),
                MarkdownText.Percent(t.Ctr, 4),
                MarkdownText.Number(t.Cpc, 3),
                MarkdownText.Percent(band.ApprovedCvr, 2),
                MarkdownText.Percent(t.Cvr, 2));
        }

        md.Heading(2, "The simulator by age band")
            .Line("Delivered over the run, pooled over each band's ad sets; relative columns divide by 25-34. The 18-24 and 55+ bands")
            .Line("have no counterpart in the data: their family values extrapolate the data's trend.")
            .Line()
            .Table("band", "ad sets", "CPM", "CTR", "CPC", "CVR", "CPM rel.", "CTR rel.", "CPC rel.", "CVR rel.", "family AgeCpm / AgeCtr / AgeCvr");
        foreach (var age in Enum.GetValues<AgeGroup>())
        {
            if (!Simulator.ByAge.TryGetValue(age, out var t))
            {
                continue;
            }

            md.Row(
                age.Label(),
                MarkdownText.Count(Simulator.AdSetsByAge.GetValueOrDefault(age)),
                MarkdownText.Number(t.Cpm, 2),
                MarkdownText.Percent(t.Ctr, 2),
                MarkdownText.Number(t.Cpc, 2),
                MarkdownText.Percent(t.Cvr, 2),
                MarkdownText.Number(RatioOf(Simulator.ByAge, age, x => x.Cpm), 2),
                MarkdownText.Number(RatioOf(Simulator.ByAge, age, x => x.Ctr), 2),
                MarkdownText.Number(RatioOf(Simulator.ByAge, age, x => x.Cpc), 2),
                MarkdownText.Number(RatioOf(Simulator.ByAge, age, x => x.Cvr), 2),
                $"{Fixed(DefaultFamily.AgeCpm[age])} / {Fixed(DefaultFamily.AgeCtr[age])} / {Fixed(DefaultFamily.AgeCvr[age])}");
        }
    }

    private void WriteLevels(MarkdownText md)
    {
        var all = Data.Bands.Aggregate(default(AdTotals), (s, b) => s + b.Totals);
        var approved = MarkdownText.Percent(Data.Bands.Sum(b => b.ApprovedConversions) / all.Clicks, 2) + " approved";
        var instagram = Simulator.Levels.Single(l => l.Platform == Platform.Instagram);
        var tiktok = Simulator.Levels.Single(l => l.Platform == Platform.TikTok);
        md.Heading(2, "The family in absolute terms")
            .Line("10th percentile, median and 90th percentile over the sampled ad sets of each platform: first the drawn parameters")
            .Line("(CPM and CTR include the age band; CTR is the starting creative's), then what the ad sets delivered over")
            .Line($"{Inputs.Simulator.Days} days.")
            .Line("The last column is KAG's aggregate, for contrast only (see above).")
            .Line()
            .Table("quantity", "Instagram p10", "median", "p90", "TikTok p10", "median", "p90", "KAG aggregate")
            .Row(
                "ad sets",
                MarkdownText.Count(instagram.AdSets),
                string.Empty,
                string.Empty,
                MarkdownText.Count(tiktok.AdSets),
                string.Empty,
                string.Empty,
                MarkdownText.Count(Data.Ads) + " ads");
        LevelRow(md, "base CPM", instagram.BaseCpm, tiktok.BaseCpm, v => MarkdownText.Number(v, 2), MarkdownText.Number(all.Cpm, 3));
        LevelRow(md, "CTR", instagram.Ctr, tiktok.Ctr, v => MarkdownText.Percent(v, 2), MarkdownText.Percent(all.Ctr, 4));
        LevelRow(md, "CVR (purchases per click)", instagram.Cvr, tiktok.Cvr, v => MarkdownText.Percent(v, 2), approved);
        LevelRow(md, "average order value", instagram.OrderValue, tiktok.OrderValue, v => MarkdownText.Number(v, 2), "—");
        LevelRow(md, "daily budget", instagram.DailyBudget, tiktok.DailyBudget, v => MarkdownText.Number(v, 2), "—");
        LevelRow(md, "first-dollar ROAS", instagram.FirstDollarRoas, tiktok.FirstDollarRoas, v => MarkdownText.Number(v, 2), "—");
        LevelRow(md, "delivered CPM", instagram.RealisedCpm, tiktok.RealisedCpm, v => MarkdownText.Number(v, 2), MarkdownText.Number(all.Cpm, 3));
        LevelRow(md, "delivered CTR", instagram.RealisedCtr, tiktok.RealisedCtr, v => MarkdownText.Percent(v, 2), MarkdownText.Percent(all.Ctr, 4));
        LevelRow(md, "delivered CVR", instagram.RealisedCvr, tiktok.RealisedCvr, v => MarkdownText.Percent(v, 2), approved);
        md.Line()
            .Line("First-dollar ROAS is order value × CTR × CVR × 1000 ÷ base CPM: revenue per unit of spend before saturation, fatigue")
            .Line("and competition. Delivered CPM sits above base CPM because spend climbs the Hill curve.");
    }

    private void WriteDisagreements(MarkdownText md)
    {
        md.Heading(2, "Where the simulator and the data disagree");
        var misses = Checks.Where(c => !c.WithinTolerance).ToList();
        if (misses.Count == 0)
        {
            md.Line("Nowhere beyond tolerance.");
            return;
        }

        foreach (var check in misses)
        {
            md.Line($"- **{check.Name}**: data {MarkdownText.Number(check.Data, 3)}, simulator {MarkdownText.Number(check.Simulator, 3)} "
                + $"({GapText(check, 3)}; tolerance {ToleranceText(check)}). Set by: {check.Driver}.");
        }
    }

    private string BandSize(AgeGroup age) => $"{age.Label()} has {MarkdownText.Count(Simulator.AdSetsByAge.GetValueOrDefault(age))} ad sets";

    private CalibrationCheck Find(string name) => Checks.Single(c => string.Equals(c.Name, name, StringComparison.Ordinal));

    private static void CheckRow(MarkdownText md, CalibrationCheck check, int decimals) => md.Row(
        check.Name,
        MarkdownText.Number(check.Data, decimals),
        MarkdownText.Number(check.Simulator, decimals),
        GapText(check, decimals),
        (check.WithinTolerance ? "within " : "**outside** ") + ToleranceText(check));

    private static void ContextRow(MarkdownText md, double all, double tiktok) => md.Row(
        "… all ad sets / TikTok only",
        "—",
        $"{MarkdownText.Number(all, 2)} / {MarkdownText.Number(tiktok, 2)}",
        "—",
        "context, not held");

    private static void WithinRow(MarkdownText md, double data, double simulator) => md.Row(
        "… within campaign (KAG) / within scenario (Instagram)",
        MarkdownText.Number(data, 2),
        MarkdownText.Number(simulator, 2),
        MarkdownText.Signed(simulator - data, 2),
        "context, not held");

    private static void LevelRow(MarkdownText md, string name, Spread instagram, Spread tiktok, Func<double, string> format, string kag) => md.Row(
        name,
        format(instagram.P10),
        format(instagram.Median),
        format(instagram.P90),
        format(tiktok.P10),
        format(tiktok.Median),
        format(tiktok.P90),
        kag);

    private static string GapText(CalibrationCheck check, int decimals) => check.Kind == ComparisonKind.Ratio
        ? "×" + MarkdownText.Number(check.Gap, 2)
        : MarkdownText.Signed(check.Gap, decimals);

    private static string ToleranceText(CalibrationCheck check) => check.Kind == ComparisonKind.Ratio
        ? "±" + MarkdownText.Number(check.Tolerance * 100, 0) + "%"
        : "±" + check.Tolerance.ToString("0.0##", CultureInfo.InvariantCulture);

    private static CalibrationCheck AgeCheck(
        string rate, AgeGroup age, Func<AdTotals, double> selector, DataMeasures data, SimulatorMeasures simulator, string driver) => new(
        $"{rate} {age.Label()} ÷ {Reference.Label()}",
        RatioOf(data.ByAge, age, selector),
        RatioOf(simulator.ByAge, age, selector),
        ComparisonKind.Ratio,
        AgeRatioTolerance,
        driver);

    private static double RatioOf(IReadOnlyDictionary<AgeGroup, AdTotals> byAge, AgeGroup age, Func<AdTotals, double> selector) =>
        byAge.TryGetValue(age, out var band) && byAge.TryGetValue(Reference, out var reference) ? selector(band) / selector(reference) : double.NaN;

    private static string Table(IReadOnlyDictionary<AgeGroup, double> table) =>
        string.Join(", ", ComparedAges.Select(a => $"{a.Label()}: {Fixed(table[a])}"));

    private static string Fixed(double value, int decimals = 2) => MarkdownText.Number(value, decimals);
}

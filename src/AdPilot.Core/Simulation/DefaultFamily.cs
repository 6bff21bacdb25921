using AdPilot.Core.Domain;

namespace AdPilot.Core.Simulation;

/// <summary>
/// The calibrated default family of scenarios. Relative structure (how CPM, CTR and conversion rate differ by age
/// band, how much ads and interests disperse, how competitor pressure moves week to week) comes from the public
/// data in <c>shared/data</c>, measured by the calibration report (<c>adpilot calibrate</c>); absolute levels (Meta and
/// TikTok CPMs and CTRs, DTC conversion rates and order values) are typical published ranges, because the one
/// real ad data set has an implausibly low CTR (0.018%). The report sets the family's distributions beside the data's.
/// </summary>
public static class DefaultFamily
{
    /// <summary>The number of ad sets a sampled scenario has unless asked otherwise.</summary>
    public const int DefaultAdSetCount = 8;

    /// <summary>The seed of the <c>default</c> preset.</summary>
    public const ulong PresetSeed = 1;

    /// <summary>CPM by age band relative to 25–34: the KAG data's spend ÷ impressions by age (30–34 → 1.00, 35–44 → 1.24, 45–49 → 1.46), extrapolated at the ends.</summary>
    public static IReadOnlyDictionary<AgeGroup, double> AgeCpm { get; } = AgeTable(0.88, 1.00, 1.24, 1.46, 1.60);

    /// <summary>
    /// CTR by age band relative to 25–34, set so the delivered CTRs reproduce the KAG data's clicks ÷ impressions by age
    /// (1.00, 1.30, 1.56): older bands spend less, so their creatives wear less and deliver a little above the multiplier.
    /// Extrapolated at the ends.
    /// </summary>
    public static IReadOnlyDictionary<AgeGroup, double> AgeCtr { get; } = AgeTable(0.86, 1.00, 1.24, 1.42, 1.55);

    /// <summary>
    /// Conversion rate by age band relative to 25–34: the KAG data's approved conversions ÷ clicks by age
    /// (1.00, 0.49, 0.29) shrunk halfway to 1 on the log scale (1.00, 0.70, 0.54), because one advertiser's product
    /// mix drives much of that fall; the calibration report shows both.
    /// </summary>
    public static IReadOnlyDictionary<AgeGroup, double> AgeCvr { get; } = AgeTable(1.05, 1.00, 0.70, 0.54, 0.48);

    /// <summary>
    /// Standard deviation of the log of the drawn base CPM across ad sets. KAG's per-ad CPM spread (0.43) is the total
    /// of delivered CPMs; saturation at each ad set's spend adds its own share, so the base is drawn narrower.
    /// </summary>
    public const double CpmLogSd = 0.28;

    /// <summary>Standard deviation of log CTR across ad sets: KAG per-ad CTR (0.46).</summary>
    public const double CtrLogSd = 0.46;

    /// <summary>Standard deviation of log conversion rate across interests: KAG per-interest conversion rate (0.32).</summary>
    public const double InterestLogSd = 0.32;

    /// <summary>Standard deviation of log daily budgets across ad sets.</summary>
    public const double BudgetLogSd = 1.0;

    /// <summary>Hourly persistence of competitor shocks (a 34-hour half-life).</summary>
    public const double CompetitionPersistence = 0.98;

    /// <summary>
    /// Hourly competitor shock size: with <see cref="CompetitionPersistence"/>, week-to-week changes of weekly mean pressure
    /// have a log standard deviation near Robyn's competitor_sales series (0.12).
    /// </summary>
    public const double CompetitionVolatility = 0.028;

    private static readonly double[] HourlyTrafficShape =
    [
        0.45, 0.32, 0.24, 0.20, 0.20, 0.26, 0.42, 0.62, 0.80, 0.90, 0.96, 1.02,
        1.08, 1.06, 1.02, 1.02, 1.06, 1.14, 1.28, 1.46, 1.58, 1.52, 1.20, 0.78,
    ];

    private static readonly double[] HourlyConversionShape =
    [
        0.82, 0.78, 0.76, 0.76, 0.78, 0.84, 0.90, 0.95, 0.98, 1.00, 1.02, 1.04,
        1.06, 1.04, 1.02, 1.02, 1.04, 1.06, 1.10, 1.14, 1.16, 1.12, 1.02, 0.90,
    ];

    private static readonly double[] WeekdayTrafficShape = [1.06, 1.00, 0.98, 0.97, 0.98, 0.95, 1.04];

    // Conversion rates run a little higher early in the week and lower on Friday and Saturday.
    private static readonly double[] WeekdayConversionShape = [1.04, 1.05, 1.03, 1.00, 0.98, 0.93, 0.97];

    /// <summary>The <c>default</c> preset: the family's scenario for <see cref="PresetSeed"/> with <see cref="DefaultAdSetCount"/> ad sets.</summary>
    /// <returns>The scenario.</returns>
    public static Scenario Preset() => Sample(PresetSeed, DefaultAdSetCount);

    /// <summary>Draws one scenario from the family.</summary>
    /// <param name="seed">The seed: of the draw and of the scenario's world.</param>
    /// <param name="adSetCount">The number of ad sets, at least 1.</param>
    /// <returns>A valid scenario.</returns>
    public static Scenario Sample(ulong seed, int adSetCount = DefaultAdSetCount)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(adSetCount, 1);
        var rng = Rng.ForStream(seed, 0x5CE7A210);
        var margin = rng.Uniform(0.45, 0.70);
        var storeOrderValue = rng.LogNormalWithMedian(75, 0.35);
        var market = SampleMarket(ref rng, seed);
        var adSets = new AdSetParameters[adSetCount];
        for (var i = 0; i < adSetCount; i++)
        {
            adSets[i] = SampleAdSet(ref rng, i, margin, storeOrderValue, market);
        }

        return new Scenario
        {
            SchemaVersion = Scenario.CurrentSchemaVersion,
            Name = $"default-{seed}",
            Seed = seed,
            StartDate = new DateOnly(2026, 3, 2),
            Store = new StoreSettings
            {
                Domain = $"sim-{seed}.myshopify.com",
                Currency = "USD",
                TimeZone = "America/New_York",
                GrossMargin = Math.Round(margin, 3),
                OrganicOrdersPerHour = Math.Round(rng.Uniform(0.3, 2.5), 2),
            },
            Market = market,
            AdSets = adSets,
        };
    }

    private static MarketParameters SampleMarket(ref Rng rng, ulong seed)
    {
        // A stream of its own, so adding this pattern left every other draw of the family unchanged.
        var weekdayRng = Rng.ForStream(seed, 0x5CE7A211);
        var weekdayConversion = Jitter(ref weekdayRng, WeekdayConversionShape, 0.02);
        var hourly = Jitter(ref rng, HourlyTrafficShape, 0.08);
        var conversion = Jitter(ref rng, HourlyConversionShape, 0.04);
        var weekday = Jitter(ref rng, WeekdayTrafficShape, 0.03);
        var affinity = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var name in InterestsJsonConverter.Names)
        {
            affinity[name] = Math.Round(rng.LogNormalWithMedian(1, InterestLogSd), 3);
        }

        return new MarketParameters
        {
            HourlyTraffic = hourly,
            WeekdayTraffic = weekday,
            HourlyConversion = conversion,
            WeekdayConversion = weekdayConversion,
            Competition = new CompetitionParameters
            {
                WeeklyAmplitude = Math.Round(rng.Uniform(0.03, 0.10), 3),
                WeeklyPeakHour = rng.NextInt(168),
                Persistence = CompetitionPersistence,
                Volatility = CompetitionVolatility,
                JumpProbability = 1.0 / 336,
                JumpSize = Math.Round(rng.Uniform(0.1, 0.3), 3),
            },
            Instagram = new PlatformParameters
            {
                MaxDailyOvershoot = 0.25,
                LearningBudgetChangeThreshold = 0.20,
                LearningExitConversions = 50,
                LearningMaxHours = 168,
                LearningCvrPenalty = 0.25,
                ReportedConversionBias = 1.15,
            },
            TikTok = new PlatformParameters
            {
                MaxDailyOvershoot = 0.10,
                LearningBudgetChangeThreshold = 0.30,
                LearningExitConversions = 50,
                LearningMaxHours = 168,
                LearningCvrPenalty = 0.20,
                ReportedConversionBias = 1.30,
            },
            Attribution = new AttributionParameters
            {
                LagMedianHours = 1.5,
                LagSigma = 1.6,
                MaxLagHours = 72,
                UtmMissingRate = Math.Round(rng.Uniform(0.1, 0.3), 3),
            },
            AgeCtr = AgeCtr,
            AgeCvr = AgeCvr,
            AgeCpm = AgeCpm,
            InterestAffinity = affinity,
            DailyDemandNoise = 0.12,
            PacingNoise = 0.25,
        };
    }

    private static AdSetParameters SampleAdSet(ref Rng rng, int index, double margin, double storeOrderValue, MarketParameters market)
    {
        var platform = rng.NextDouble() < 0.5 ? Platform.Instagram : Platform.TikTok;
        var age = SampleAge(ref rng);
        var interests = SampleInterests(ref rng);
        var creative = (CreativeType)rng.NextInt(4);
        var instagram = platform == Platform.Instagram;

        var baseCpm = rng.LogNormalWithMedian(instagram ? 11.0 : 7.0, CpmLogSd) * market.AgeCpm[age];
        var adSetCtr = (instagram ? 0.010 : 0.008) * market.AgeCtr[age] * rng.LogNormalWithMedian(1, CtrLogSd);
        var ctrByCreative = new Dictionary<CreativeType, double>();
        foreach (var c in Enum.GetValues<CreativeType>())
        {
            var creativeLift = CreativeLift(platform, c) * rng.LogNormalWithMedian(1, 0.15);
            ctrByCreative[c] = Math.Round(Math.Min(0.2, adSetCtr * creativeLift), 6);
        }

        var affinity = market.AffinityOf(interests);
        var cvr = Math.Min(0.25, 0.035 * market.AgeCvr[age] * affinity * rng.LogNormalWithMedian(1, 0.25));
        var orderValue = storeOrderValue * rng.LogNormalWithMedian(1, 0.1);

        var minBudget = instagram ? 5m : 20m;
        var budget = Math.Max((double)minBudget * 1.5, rng.LogNormalWithMedian(60, BudgetLogSd));
        var shape = rng.Uniform(0.6, 1.0);

        // Place the profit-maximising budget a log-normal factor away from the starting one: people set budgets
        // by feel, so some ad sets are starved and others flooded. For a Hill shape of 1 the optimal hourly spend
        // is K(√(m·r0) − 1), where r0 is the ROAS of the first dollar.
        var firstDollarRoas = orderValue * ctrByCreative[creative] * cvr * 1000 / baseCpm;
        var headroom = Math.Sqrt(margin * firstDollarRoas) - 1;
        var hourlyBudget = budget / 24;
        var optimumRatio = rng.LogNormalWithMedian(1, 0.6);
        var halfSaturation = headroom > 0.1
            ? Math.Clamp(optimumRatio * hourlyBudget / headroom, 0.5 * hourlyBudget, 4 * hourlyBudget)
            : hourlyBudget * rng.LogNormalWithMedian(1, 0.5);

        var dailyImpressions = budget / baseCpm * 1000;
        var bid = SampleBid(ref rng, orderValue * margin);
        return new AdSetParameters
        {
            Id = instagram ? $"2385{index:D8}" : $"17{index:D11}",
            Name = $"{(instagram ? "IG" : "TT")} {age.Label()} {creative.ToString().ToLowerInvariant()} #{index + 1}",
            Platform = platform,
            TargetAgeGroup = age,
            TargetInterests = interests,
            CreativeType = creative,
            DailyBudget = Math.Round((decimal)budget, 2),
            MinDailyBudget = minBudget,
            MaxDailyBudget = Math.Round((decimal)Math.Max(budget * 10, 500), 2),
            BidStrategy = bid,
            BaseCpm = Math.Round(baseCpm, 4),
            HalfSaturationHourlySpend = Math.Round(halfSaturation, 4),
            HillShape = Math.Round(shape, 3),
            CompetitorSensitivity = Math.Round(rng.Uniform(0.6, 1.2), 3),
            CtrByCreative = ctrByCreative,
            Cvr = Math.Round(cvr, 6),
            AverageOrderValue = Math.Round(orderValue, 2),
            OrderValueSigma = 0.5,
            FatigueHalfLifeImpressions = Math.Round(dailyImpressions * rng.Uniform(10, 30)),
            FatigueFloor = Math.Round(rng.Uniform(0.4, 0.7), 3),
            FatigueRecoveryHours = Math.Round(rng.Uniform(72, 240)),
        };
    }

    private static BidStrategy SampleBid(ref Rng rng, double breakEvenCpa)
    {
        var u = rng.NextDouble();
        var cap = Math.Round((decimal)(breakEvenCpa * rng.Uniform(0.8, 1.5)), 2);
        return u < 0.80 ? BidStrategy.LowestCost : u < 0.95 ? BidStrategy.CostCap(cap) : BidStrategy.BidCap(cap);
    }

    private static double CreativeLift(Platform platform, CreativeType creative) => (platform, creative) switch
    {
        (Platform.TikTok, CreativeType.Ugc) => 1.30,
        (Platform.TikTok, CreativeType.Lifestyle) => 0.95,
        (Platform.TikTok, CreativeType.Product) => 0.80,
        (Platform.TikTok, CreativeType.Discount) => 1.00,
        (_, CreativeType.Ugc) => 1.05,
        (_, CreativeType.Lifestyle) => 1.00,
        (_, CreativeType.Product) => 0.90,
        _ => 1.10,
    };

    private static AgeGroup SampleAge(ref Rng rng)
    {
        var u = rng.NextDouble();
        return u switch
        {
            < 0.20 => AgeGroup.Age18To24,
            < 0.55 => AgeGroup.Age25To34,
            < 0.80 => AgeGroup.Age35To44,
            < 0.93 => AgeGroup.Age45To54,
            _ => AgeGroup.Age55Plus,
        };
    }

    private static Interests SampleInterests(ref Rng rng)
    {
        if (rng.NextDouble() < 0.3)
        {
            return Interests.None;
        }

        var count = 1 + rng.NextInt(2);
        var interests = Interests.None;
        for (var k = 0; k < count; k++)
        {
            interests |= (Interests)(1 << rng.NextInt(InterestsJsonConverter.Names.Count));
        }

        return interests;
    }

    private static double[] Jitter(ref Rng rng, double[] shape, double sigma)
    {
        var result = new double[shape.Length];
        for (var i = 0; i < shape.Length; i++)
        {
            result[i] = Math.Round(shape[i] * rng.LogNormalWithMedian(1, sigma), 4);
        }

        return result;
    }

    private static Dictionary<AgeGroup, double> AgeTable(double a18, double a25, double a35, double a45, double a55) => new()
    {
        [AgeGroup.Age18To24] = a18,
        [AgeGroup.Age25To34] = a25,
        [AgeGroup.Age35To44] = a35,
        [AgeGroup.Age45To54] = a45,
        [AgeGroup.Age55Plus] = a55,
    };
}

using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>
/// CsCheck generators of scenarios and actions for property tests of the simulator.
/// <see cref="Valid"/> spans every range <see cref="ScenarioValidator"/> accepts, edges included: each scalar is drawn
/// from a typical range most of the time, from the whole allowed range some of the time, and at the edges (the bound
/// itself, or the nearest double inside an open bound, subnormals included) the rest of the time.
/// </summary>
/// <remarks>
/// One joint limit applies: the simulator does work per purchase, and the validator bounds no scale, so a valid
/// scenario can ask for 10¹⁵ purchases an hour and never finish a step. <see cref="Valid"/> therefore lowers the
/// half-saturation spend of an ad set until its most favourable hour (peak traffic, its best creative, and the best
/// age band and interests it could be retargeted to) expects at most <see cref="MaxHourlyPurchases"/> purchases.
/// Every single parameter still reaches its edges.
/// </remarks>
internal static class ScenarioGenerators
{
    /// <summary>The most purchases any ad set of a <see cref="Valid"/> scenario can expect in one hour.</summary>
    public const double MaxHourlyPurchases = 2_000;

    /// <summary>Time zones with the awkward cases: no DST, DST at midnight, half-hour DST, quarter-hour offsets, +14.</summary>
    public static readonly IReadOnlyList<string> TimeZones =
    [
        "America/New_York", "UTC", "Asia/Tokyo", "Europe/London", "America/Santiago", "America/Havana",
        "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "Pacific/Kiritimati", "America/St_Johns",
    ];

    // Start days that begin on a DST transition in their zone, including a midnight that does not exist (Santiago)
    // and one that happens twice (Havana).
    private static readonly (string Zone, DateOnly Date)[] TransitionStarts =
    [
        ("America/New_York", new DateOnly(2026, 3, 8)),
        ("America/New_York", new DateOnly(2026, 11, 1)),
        ("America/Santiago", new DateOnly(2026, 9, 6)),
        ("America/Santiago", new DateOnly(2026, 4, 4)),
        ("America/Havana", new DateOnly(2026, 11, 1)),
        ("Australia/Lord_Howe", new DateOnly(2026, 10, 4)),
    ];

    /// <summary>Gets scenarios of the calibrated default family with 1 to 4 ad sets.</summary>
    public static Gen<Scenario> Family { get; } = Gen.Select(Gen.ULong, Gen.Int[1, 4], DefaultFamily.Sample);

    /// <summary>Gets valid scenarios from the whole parameter space the validator accepts, with 1 to 4 ad sets.</summary>
    public static Gen<Scenario> Valid { get; } =
        Gen.Select(Gen.ULong, StoreAndStart(), Market(), Gen.Int[1, 4])
            .SelectMany((seed, store, market, count) => AdSet(market).Array[count]
                .Select(adSets => new Scenario
                {
                    SchemaVersion = Scenario.CurrentSchemaVersion,
                    Name = $"generated-{seed}",
                    Seed = seed,
                    StartDate = store.Start,
                    Store = store.Store,
                    Market = market,
                    AdSets = adSets.Select((a, i) => a with { Id = $"{(a.Platform == Platform.TikTok ? "17" : "2385")}{i:D8}", Name = $"ad set {i}" }).ToArray(),
                }));

    /// <summary>A two-ad-set family scenario with enough purchases for statistics, every ad set on <paramref name="bid"/>.</summary>
    /// <param name="seed">The family seed.</param>
    /// <param name="bid">The bid strategy of every ad set.</param>
    /// <returns>The scenario.</returns>
    public static Scenario HighVolume(ulong seed, BidStrategy bid)
    {
        var scenario = DefaultFamily.Sample(seed, 2);
        return scenario with
        {
            AdSets = scenario.AdSets.Select(a => a with
            {
                BidStrategy = bid,
                DailyBudget = 200,
                MinDailyBudget = 10,
                MaxDailyBudget = 5_000,
                Cvr = 0.15,
                HalfSaturationHourlySpend = 50,
                CtrByCreative = a.CtrByCreative.ToDictionary(kv => kv.Key, kv => Math.Min(0.2, kv.Value * 3)),
            }).ToArray(),
        };
    }

    /// <summary>
    /// An action for one ad set and hour, drawn from <paramref name="rng"/>: mostly the current settings with some
    /// fields changed; when <paramref name="adversarial"/>, also NaN and infinite budget changes, changes far beyond
    /// the limits, invalid bid strategies and enum values no member defines.
    /// </summary>
    /// <param name="rng">The random stream.</param>
    /// <param name="state">The ad set's current state.</param>
    /// <param name="adversarial">Whether to include invalid proposals.</param>
    /// <returns>The action.</returns>
    public static AdAction RandomAction(ref Rng rng, in AdEnvironmentState state, bool adversarial)
    {
        var action = AdAction.Keep(state);
        var budget = rng.NextDouble();
        if (budget < 0.4)
        {
            action = action with { BudgetAdjustment = rng.Uniform(-0.3, 0.3) };
        }
        else if (budget < 0.5)
        {
            action = action with { BudgetAdjustment = rng.Uniform(-5, 5) };
        }
        else if (adversarial && budget < 0.6)
        {
            double[] odd = [double.NaN, double.PositiveInfinity, double.NegativeInfinity, 1e300, -1e300, -1, -0.999_999, double.Epsilon, -double.Epsilon];
            action = action with { BudgetAdjustment = odd[rng.NextInt(odd.Length)] };
        }

        if (rng.NextDouble() < 0.05)
        {
            var cap = (decimal)Math.Round(Math.Exp(rng.Uniform(Math.Log(0.01), Math.Log(1_000))), 2);
            BidStrategy[] valid = [BidStrategy.LowestCost, BidStrategy.CostCap(cap), BidStrategy.BidCap(cap)];
            BidStrategy[] invalid =
            [
                new(BidStrategyKind.CostCap), new(BidStrategyKind.BidCap, -cap), new(BidStrategyKind.LowestCost, cap),
                new((BidStrategyKind)7, cap), new((BidStrategyKind)(-1)),
            ];
            action = action with
            {
                BidStrategy = adversarial && rng.NextDouble() < 0.5 ? invalid[rng.NextInt(invalid.Length)] : valid[rng.NextInt(valid.Length)],
            };
        }

        if (rng.NextDouble() < 0.05)
        {
            action = action with { CreativeType = (CreativeType)(adversarial ? rng.NextInt(8) - 2 : rng.NextInt(4)) };
        }

        if (rng.NextDouble() < 0.02)
        {
            action = action with
            {
                TargetAgeGroup = (AgeGroup)(adversarial ? rng.NextInt(9) - 2 : rng.NextInt(5)),
                TargetInterests = (Interests)(adversarial ? rng.NextInt(1 << 16) : rng.NextInt(1 << 10)),
            };
        }

        if (rng.NextDouble() < 0.02)
        {
            action = action with { Status = adversarial && rng.NextDouble() < 0.3 ? (AdSetStatus)(rng.NextInt(6) - 2) : (AdSetStatus)rng.NextInt(2) };
        }

        return action;
    }

    private static Gen<(StoreSettings Store, DateOnly Start)> StoreAndStart()
    {
        var zoneAndStart = Gen.Frequency(
            (4, Gen.Select(Gen.OneOfConst([.. TimeZones]), Gen.Int[0, 365 * 15], (zone, day) => (zone, new DateOnly(2020, 1, 1).AddDays(day)))),
            (1, Gen.OneOfConst(TransitionStarts)));
        var organic = Gen.Frequency((1, Gen.Const(0.0)), (4, Gen.Double[0, 5]), (1, Gen.Double[0, 50]));
        return Gen.Select(zoneAndStart, Gen.OneOfConst("USD", "EUR", "JPY"), Open(0, 1, 0.2, 0.8), organic, (zs, currency, margin, organicRate) => (
            new StoreSettings
            {
                Domain = "generated.myshopify.com",
                Currency = currency,
                TimeZone = zs.Item1,
                GrossMargin = margin,
                OrganicOrdersPerHour = organicRate,
            },
            zs.Item2));
    }

    private static Gen<MarketParameters> Market()
    {
        var competition = Gen.Select(
            Closed(0, 2, 0, 0.2),
            Closed(0, 167, 0, 167),
            Edged(Gen.Double[0, 0.999], 0, Math.BitDecrement(1.0)),
            Closed(0, 1, 0, 0.1),
            Closed(0, 1, 0, 0.01),
            Closed(0, 3, 0, 0.5),
            (amplitude, peak, persistence, volatility, jumpProbability, jumpSize) => new CompetitionParameters
            {
                WeeklyAmplitude = amplitude,
                WeeklyPeakHour = peak,
                Persistence = persistence,
                Volatility = volatility,
                JumpProbability = jumpProbability,
                JumpSize = jumpSize,
            });
        var attribution = Gen.Select(
            Open(0, 72, 0.5, 24),
            Open(0, 5, 0.3, 2),
            Edged(Gen.Int[1, 168], 1, 168),
            Closed(0, 1, 0, 0.3),
            (median, sigma, maxLag, utm) => new AttributionParameters { LagMedianHours = median, LagSigma = sigma, MaxLagHours = maxLag, UtmMissingRate = utm });
        var ageTables = Gen.Select(AgeTable(), AgeTable(), AgeTable());
        var noise = Gen.Select(Closed(0, 1, 0, 0.3), Closed(0, 1, 0, 0.3));
        return Gen.Select(
            Pattern(24),
            Gen.Select(Pattern(7), Pattern(7)),
            Pattern(24),
            competition,
            PlatformRules(),
            PlatformRules(),
            attribution,
            Gen.Select(ageTables, Affinity(), noise),
            (hourly, weekday, conversion, c, instagram, tiktok, a, rest) => new MarketParameters
            {
                HourlyTraffic = hourly,
                WeekdayTraffic = weekday.Item1,
                HourlyConversion = conversion,
                WeekdayConversion = weekday.Item2,
                Competition = c,
                Instagram = instagram,
                TikTok = tiktok,
                Attribution = a,
                AgeCtr = rest.Item1.Item1,
                AgeCvr = rest.Item1.Item2,
                AgeCpm = rest.Item1.Item3,
                InterestAffinity = rest.Item2,
                DailyDemandNoise = rest.Item3.Item1,
                PacingNoise = rest.Item3.Item2,
            });
    }

    private static Gen<PlatformParameters> PlatformRules() => Gen.Select(
        Closed(0, 1, 0.05, 0.3),
        Open(0, 10, 0.1, 0.5),
        Edged(Gen.Int[1, 200], 1, int.MaxValue),
        Edged(Gen.Int[1, 400], 1, int.MaxValue),
        Edged(Gen.Double[0, 0.5], 0, Math.BitDecrement(1.0)),
        Open(0, 10, 0.7, 1.5),
        (overshoot, threshold, exitConversions, maxHours, penalty, bias) => new PlatformParameters
        {
            MaxDailyOvershoot = overshoot,
            LearningBudgetChangeThreshold = threshold,
            LearningExitConversions = exitConversions,
            LearningMaxHours = maxHours,
            LearningCvrPenalty = penalty,
            ReportedConversionBias = bias,
        });

    private static Gen<AdSetParameters> AdSet(MarketParameters market)
    {
        var targeting = Gen.Select(
            Gen.OneOfConst(Platform.TikTok, Platform.Instagram),
            Gen.Int[0, 4].Select(a => (AgeGroup)a),
            Gen.Int[0, (int)InterestsJsonConverter.Defined].Select(i => (Interests)i),
            Gen.Int[0, 3].Select(c => (CreativeType)c));
        var budgets = Gen.Select(LogUniform(1e-4, 1e5), Gen.Frequency((1, Gen.Const(1.0)), (4, LogUniform(1, 1e4))), Gen.Double.Unit)
            .Select((min, spread, at) =>
            {
                var low = (decimal)min;
                var high = (decimal)(min * spread);
                var daily = at < 0.1 ? low : at > 0.9 ? high : low + ((high - low) * (decimal)at);
                return (Min: low, Max: high, Daily: daily);
            });
        var bid = Gen.Frequency(
            (4, Gen.Const(BidStrategy.LowestCost)),
            (1, Edged(LogUniform(1e-2, 1e4), 1e-28, 1e6).Select(c => BidStrategy.CostCap((decimal)c))),
            (1, Edged(LogUniform(1e-2, 1e4), 1e-28, 1e6).Select(c => BidStrategy.BidCap((decimal)c))));
        var delivery = Gen.Select(
            Closed(0.01, 10_000, 2, 40),
            Closed(0.01, 1e7, 0.1, 1_000),
            Edged(Gen.Double[0.3, 1], double.Epsilon, 1.0),
            Closed(0, 2, 0.5, 1.2));
        var response = Gen.Select(
            Gen.Select(Ctr(), Ctr(), Ctr(), Ctr()),
            Open(0, 1, 0.005, 0.1),
            Closed(0.01, 1e7, 10, 300),
            Closed(0, 2, 0, 0.8));
        var fatigue = Gen.Select(Closed(1, 1e12, 1e3, 1e7), Closed(0, 1, 0.3, 0.9), Closed(0.1, 1e6, 24, 500));
        return Gen.Select(targeting, budgets, bid, delivery, response, fatigue, (t, b, bidStrategy, d, r, f) =>
        {
            var (ugc, lifestyle, product, discount) = r.Item1;
            var ctr = new Dictionary<CreativeType, double>
            {
                [CreativeType.Ugc] = ugc,
                [CreativeType.Lifestyle] = lifestyle,
                [CreativeType.Product] = product,
                [CreativeType.Discount] = discount,
            };
            var halfSaturation = Math.Max(0.01, Math.Min(d.Item2, HalfSaturationLimit(market, t.Item2, t.Item3, r.Item2, ctr.Values.Max(), d.Item1)));
            return new AdSetParameters
            {
                Id = "set by Valid",
                Name = "set by Valid",
                Platform = t.Item1,
                TargetAgeGroup = t.Item2,
                TargetInterests = t.Item3,
                CreativeType = t.Item4,
                DailyBudget = b.Daily,
                MinDailyBudget = b.Min,
                MaxDailyBudget = b.Max,
                BidStrategy = bidStrategy,
                BaseCpm = d.Item1,
                HalfSaturationHourlySpend = halfSaturation,
                HillShape = d.Item3,
                CompetitorSensitivity = d.Item4,
                CtrByCreative = ctr,
                Cvr = r.Item2,
                AverageOrderValue = r.Item3,
                OrderValueSigma = r.Item4,
                FatigueHalfLifeImpressions = f.Item1,
                FatigueFloor = f.Item2,
                FatigueRecoveryHours = f.Item3,
            };
        });
    }

    /// <summary>The largest half-saturation spend for which the ad set's best possible hour expects <see cref="MaxHourlyPurchases"/>.</summary>
    private static double HalfSaturationLimit(MarketParameters market, AgeGroup age, Interests interests, double cvr, double bestCtr, double baseCpm)
    {
        // Impressions never exceed capacity × traffic, capacity = 1000 K / base CPM; fatigue only lowers the CTR.
        // In logarithms, because subnormal rates would underflow a product to 0 and lift the limit altogether.
        var logPeakTraffic = Math.Log(market.HourlyTraffic.Max() / market.HourlyTraffic.Average()) + Math.Log(market.WeekdayTraffic.Max() / market.WeekdayTraffic.Average());
        var logPeakConversion = Math.Log(market.HourlyConversion.Max() / market.HourlyConversion.Average());
        var bestAffinity = Math.Max(1, market.InterestAffinity.Values.DefaultIfEmpty(1).Max());
        var logCtr = Math.Min(0, Math.Log(bestCtr) + Math.Log(market.AgeCtr.Values.Max()) - Math.Log(market.AgeCtr[age]));
        var logPurchaseRate = Math.Min(
            0,
            Math.Log(cvr) + logPeakConversion + Math.Log(market.AgeCvr.Values.Max()) - Math.Log(market.AgeCvr[age])
                + Math.Log(bestAffinity) - Math.Log(market.AffinityOf(interests)));
        return Math.Exp(Math.Log(MaxHourlyPurchases / 1000) + Math.Log(baseCpm) - logPeakTraffic - logCtr - logPurchaseRate);
    }

    private static Gen<double> Ctr() => Open(0, 1, 1e-3, 0.05);

    private static Gen<double[]> Pattern(int length) =>
        Gen.Frequency((3, LogUniform(0.2, 5)), (1, LogUniform(1e-3, 1e3)), (1, Gen.OneOfConst(1e-3, 1e3))).Array[length];

    private static Gen<IReadOnlyDictionary<AgeGroup, double>> AgeTable() =>
        Closed(0.01, 100, 0.3, 3).Array[5].Select(IReadOnlyDictionary<AgeGroup, double> (values) =>
            Enum.GetValues<AgeGroup>().ToDictionary(a => a, a => values[(int)a]));

    private static Gen<IReadOnlyDictionary<string, double>> Affinity() =>
        Gen.Select(Gen.Int[0, (1 << InterestsJsonConverter.Names.Count) - 1], Closed(0.01, 10, 0.5, 2).Array[InterestsJsonConverter.Names.Count])
            .Select(IReadOnlyDictionary<string, double> (rated, values) => InterestsJsonConverter.Names
                .Select((name, i) => (name, i))
                .Where(x => (rated & (1 << x.i)) != 0)
                .ToDictionary(x => x.name, x => values[x.i], StringComparer.Ordinal));

    /// <summary>A value in the open interval (min, max): typical, anywhere, or the nearest doubles inside the bounds.</summary>
    private static Gen<double> Open(double min, double max, double typicalMin, double typicalMax)
    {
        var low = Math.BitIncrement(min);
        var high = Math.BitDecrement(max);
        var anywhere = min > 0
            ? Gen.Double[low, high]
            : Gen.Frequency((1, Gen.Double[low, high]), (1, LogUniform(1e-300, high)));
        return Edged(Gen.Frequency((4, Gen.Double[typicalMin, typicalMax]), (1, anywhere)).Select(x => Math.Clamp(x, low, high)), low, high);
    }

    /// <summary>A value in the closed interval [min, max]: typical, anywhere, or a bound.</summary>
    private static Gen<double> Closed(double min, double max, double typicalMin, double typicalMax) =>
        Edged(Gen.Frequency((4, Gen.Double[typicalMin, typicalMax]), (1, Gen.Double[min, max])).Select(x => Math.Clamp(x, min, max)), min, max);

    private static Gen<T> Edged<T>(Gen<T> inside, params T[] edges) => Gen.Frequency((6, inside), (1, Gen.OneOfConst(edges)));

    private static Gen<double> LogUniform(double min, double max) =>
        Gen.Double[Math.Log(min), Math.Log(max)].Select(x => Math.Clamp(Math.Exp(x), min, max));
}

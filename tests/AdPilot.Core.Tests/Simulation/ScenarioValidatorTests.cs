using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.TestData;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

public sealed class ScenarioValidatorTests
{
    private const int AdSetCount = 3;

    private static readonly Scenario Valid = ScenarioBuilder.Valid(AdSetCount);

    /// <summary>
    /// Every numeric field with the range its documentation gives, and how to set it. Fields documented only as
    /// positive or non-negative have an infinite upper end (infinity itself is out of range).
    /// </summary>
    private static readonly NumericField[] Fields =
    [
        Store("store.grossMargin", Open(0, 1), (s, v) => s with { GrossMargin = v }),
        Store("store.organicOrdersPerHour", NonNegative, (s, v) => s with { OrganicOrdersPerHour = v }),
        Market("market.hourlyTraffic[5]", Positive, (m, v) => m with { HourlyTraffic = Replace(m.HourlyTraffic, 5, v) }),
        Market("market.weekdayTraffic[6]", Positive, (m, v) => m with { WeekdayTraffic = Replace(m.WeekdayTraffic, 6, v) }),
        Market("market.hourlyConversion[0]", Positive, (m, v) => m with { HourlyConversion = Replace(m.HourlyConversion, 0, v) }),
        Market("market.weekdayConversion[3]", Positive, (m, v) => m with { WeekdayConversion = Replace(m.WeekdayConversion, 3, v) }),
        Market("market.pacingNoise", NonNegative, (m, v) => m with { PacingNoise = v }),
        Market("market.dailyDemandNoise", NonNegative, (m, v) => m with { DailyDemandNoise = v }),
        Competition("weeklyAmplitude", NonNegative, (c, v) => c with { WeeklyAmplitude = v }),
        Competition("weeklyPeakHour", Closed(0, 167), (c, v) => c with { WeeklyPeakHour = v }),
        Competition("persistence", HalfOpen(0, 1), (c, v) => c with { Persistence = v }),
        Competition("volatility", NonNegative, (c, v) => c with { Volatility = v }),
        Competition("jumpProbability", Closed(0, 1), (c, v) => c with { JumpProbability = v }),
        Competition("jumpSize", NonNegative, (c, v) => c with { JumpSize = v }),
        Instagram("maxDailyOvershoot", Closed(0, 1), (p, v) => p with { MaxDailyOvershoot = v }),
        Instagram("learningBudgetChangeThreshold", Positive, (p, v) => p with { LearningBudgetChangeThreshold = v }),
        Instagram("learningMaxHours", Integers(1, int.MaxValue), (p, v) => p with { LearningMaxHours = (int)v }),
        TikTok("learningCvrPenalty", HalfOpen(0, 1), (p, v) => p with { LearningCvrPenalty = v }),
        TikTok("reportedConversionBias", Positive, (p, v) => p with { ReportedConversionBias = v }),
        TikTok("learningExitConversions", Integers(1, int.MaxValue), (p, v) => p with { LearningExitConversions = (int)v }),
        Attribution("lagMedianHours", Positive, (a, v) => a with { LagMedianHours = v }),
        Attribution("lagSigma", Positive, (a, v) => a with { LagSigma = v }),
        Attribution("maxLagHours", Integers(1, 168), (a, v) => a with { MaxLagHours = (int)v }),
        Attribution("utmMissingRate", Closed(0, 1), (a, v) => a with { UtmMissingRate = v }),
        Market("market.ageCpm.45-54", Positive, (m, v) => m with { AgeCpm = Replace(m.AgeCpm, AgeGroup.Age45To54, v) }),
        Market("market.interestAffinity.pets", Positive, (m, v) => m with { InterestAffinity = Replace(m.InterestAffinity, "pets", v) }),
        AdSet("minDailyBudget", Positive with { FiniteOnly = true }, (a, v) => a with { MinDailyBudget = (decimal)v }),
        AdSet("baseCpm", Positive, (a, v) => a with { BaseCpm = v }),
        AdSet("halfSaturationHourlySpend", Positive, (a, v) => a with { HalfSaturationHourlySpend = v }),
        AdSet("hillShape", new ValueRange(0, 1, MinInclusive: false, MaxInclusive: true), (a, v) => a with { HillShape = v }),
        AdSet("competitorSensitivity", Closed(0, 2), (a, v) => a with { CompetitorSensitivity = v }),
        AdSet(
            "ctrByCreative.discount",
            Open(0, 1),
            (a, v) => a with { CtrByCreative = Replace(a.CtrByCreative, CreativeType.Discount, v) }),
        AdSet("cvr", Open(0, 1), (a, v) => a with { Cvr = v }),
        AdSet("averageOrderValue", Positive, (a, v) => a with { AverageOrderValue = v }),
        AdSet("orderValueSigma", Closed(0, 2), (a, v) => a with { OrderValueSigma = v }),
        AdSet("fatigueHalfLifeImpressions", Positive, (a, v) => a with { FatigueHalfLifeImpressions = v }),
        AdSet("fatigueFloor", Closed(0, 1), (a, v) => a with { FatigueFloor = v }),
        AdSet("fatigueRecoveryHours", Positive, (a, v) => a with { FatigueRecoveryHours = v }),
    ];

    [Fact]
    public void Validate_FamilyScenario_HasNoErrors()
    {
        Assert.Empty(ScenarioValidator.Validate(Valid));
    }

    [Fact]
    public void Validate_OneFieldOutsideItsDocumentedRange_NamesExactlyThatField()
    {
        var gen = Gen.Int[0, Fields.Length - 1]
            .SelectMany(f => Gen.Select(Gen.Const(f), Gen.Int[0, AdSetCount - 1], Fields[f].Invalid));
        gen.Sample(
            (field, adSet, value) =>
            {
                var (path, scenario) = Fields[field].Apply(Valid, adSet, value);

                var errors = ScenarioValidator.Validate(scenario);

                Assert.True(errors.Count > 0, $"{path} = {value} was accepted");
                Assert.All(errors, e => Assert.Equal(path, e.Path));
            },
            iter: 1000,
            print: t => $"{Fields[t.Item1].Path} (ad set {t.Item2}) = {t.Item3}");
    }

    [Fact]
    public void Validate_EveryFieldAtItsInclusiveBounds_IsAccepted()
    {
        foreach (var field in Fields)
        {
            foreach (var bound in field.Range.InclusiveBounds())
            {
                var (path, scenario) = field.Apply(Valid, 0, bound);

                var errors = ScenarioValidator.Validate(scenario);

                Assert.True(errors.Count == 0, $"{path} = {bound} is within its documented range but was rejected");
            }
        }
    }

    [Fact]
    public void Validate_SchemaVersionTwo_NamesSchemaVersion()
    {
        var errors = ScenarioValidator.Validate(Valid with { SchemaVersion = 2 });

        Assert.Equal("schemaVersion", Assert.Single(errors).Path);
    }

    [Theory]
    [InlineData("")]
    [InlineData("  ")]
    public void Validate_BlankName_NamesName(string name)
    {
        var errors = ScenarioValidator.Validate(Valid with { Name = name });

        Assert.Equal("name", Assert.Single(errors).Path);
    }

    [Fact]
    public void Validate_DailyBudgetOutsideRange_NamesDailyBudget()
    {
        var scenario = Valid.WithAdSet(2, a => a with { DailyBudget = a.MaxDailyBudget + 0.01m });

        Assert.Equal("adSets[2].dailyBudget", Assert.Single(ScenarioValidator.Validate(scenario)).Path);
    }

    [Theory]
    [InlineData(BidStrategyKind.LowestCost, 5.0)]
    [InlineData(BidStrategyKind.CostCap, null)]
    [InlineData(BidStrategyKind.BidCap, 0.0)]
    public void Validate_InvalidBidStrategy_NamesBidStrategy(BidStrategyKind kind, double? cap)
    {
        var scenario = Valid.WithAdSet(0, a => a with { BidStrategy = new BidStrategy(kind, (decimal?)cap) });

        Assert.Equal("adSets[0].bidStrategy", Assert.Single(ScenarioValidator.Validate(scenario)).Path);
    }

    [Fact]
    public void Validate_UndefinedBidStrategyKind_NamesBidStrategy()
    {
        var scenario = Valid.WithAdSet(0, a => a with { BidStrategy = new BidStrategy((BidStrategyKind)7, 10m) });

        Assert.Contains(ScenarioValidator.Validate(scenario), e => e.Path == "adSets[0].bidStrategy");
    }

    [Fact]
    public void Validate_UndefinedEnums_NameTheirFields()
    {
        var scenario = Valid
            .WithAdSet(0, a => a with { Platform = (Platform)5 })
            .WithAdSet(1, a => a with { TargetAgeGroup = (AgeGroup)9 })
            .WithAdSet(2, a => a with { CreativeType = (CreativeType)9 });

        var paths = ScenarioValidator.Validate(scenario).Select(e => e.Path).ToList();

        Assert.Contains("adSets[0].platform", paths);
        Assert.Contains("adSets[1].targetAgeGroup", paths);
        Assert.Contains("adSets[2].creativeType", paths);
    }

    [Fact]
    public void Validate_CreativeWithoutCtr_NamesTheMissingGroup()
    {
        var scenario = Valid.WithAdSet(1, a => a with
        {
            CtrByCreative = a.CtrByCreative.Where(kv => kv.Key != CreativeType.Product).ToDictionary(kv => kv.Key, kv => kv.Value),
        });

        Assert.Equal("adSets[1].ctrByCreative.product", Assert.Single(ScenarioValidator.Validate(scenario)).Path);
    }

    [Fact]
    public void Validate_AgeTableWithoutABand_NamesTheBand()
    {
        var scenario = Valid.WithMarket(m => m with
        {
            AgeCvr = m.AgeCvr.Where(kv => kv.Key != AgeGroup.Age55Plus).ToDictionary(kv => kv.Key, kv => kv.Value),
        });

        Assert.Equal("market.ageCvr.55+", Assert.Single(ScenarioValidator.Validate(scenario)).Path);
    }

    [Fact]
    public void Validate_WeekdayTrafficOfSixDays_NamesTheList()
    {
        var scenario = Valid.WithMarket(m => m with { WeekdayTraffic = m.WeekdayTraffic.Take(6).ToArray() });

        var error = Assert.Single(ScenarioValidator.Validate(scenario));
        Assert.Equal("market.weekdayTraffic", error.Path);
        Assert.Contains("7", error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_NoAdSets_NamesAdSets()
    {
        Assert.Equal("adSets", Assert.Single(ScenarioValidator.Validate(Valid with { AdSets = [] })).Path);
    }

    [Fact]
    public void Validate_DuplicateIdsAmongThree_NamesOnlyTheRepeat()
    {
        var scenario = Valid.WithAdSet(2, a => a with { Id = Valid.AdSets[0].Id });

        Assert.Equal("adSets[2].id", Assert.Single(ScenarioValidator.Validate(scenario)).Path);
    }

    [Fact]
    public void Validate_IdsDifferingOnlyInCase_AreDistinct()
    {
        var scenario = Valid
            .WithAdSet(0, a => a with { Id = "abc" })
            .WithAdSet(1, a => a with { Id = "ABC" });

        Assert.Empty(ScenarioValidator.Validate(scenario));
    }

    public static TheoryData<string, string> NullParts => new()
    {
        { "store", "store" },
        { "market", "market" },
        { "adSets", "adSets" },
        { "adSet", "adSets[1]" },
        { "timeZone", "store.timeZone" },
        { "currency", "store.currency" },
        { "competition", "market.competition" },
        { "attribution", "market.attribution" },
        { "tiktok", "market.tiktok" },
        { "hourlyTraffic", "market.hourlyTraffic" },
        { "ageCtr", "market.ageCtr" },
        { "interestAffinity", "market.interestAffinity" },
        { "ctrByCreative", "adSets[0].ctrByCreative" },
        { "id", "adSets[0].id" },
    };

    [Theory]
    [MemberData(nameof(NullParts))]
    public void Validate_NullPart_NamesItInsteadOfThrowing(string part, string path)
    {
        // Scenarios built in code can hold nulls the JSON reader would have refused.
        var scenario = part switch
        {
            "store" => Valid with { Store = null! },
            "market" => Valid with { Market = null! },
            "adSets" => Valid with { AdSets = null! },
            "adSet" => Valid with { AdSets = [Valid.AdSets[0], null!, Valid.AdSets[2]] },
            "timeZone" => Valid.WithStore(s => s with { TimeZone = null! }),
            "currency" => Valid.WithStore(s => s with { Currency = null! }),
            "competition" => Valid.WithMarket(m => m with { Competition = null! }),
            "attribution" => Valid.WithMarket(m => m with { Attribution = null! }),
            "tiktok" => Valid.WithMarket(m => m with { TikTok = null! }),
            "hourlyTraffic" => Valid.WithMarket(m => m with { HourlyTraffic = null! }),
            "ageCtr" => Valid.WithMarket(m => m with { AgeCtr = null! }),
            "interestAffinity" => Valid.WithMarket(m => m with { InterestAffinity = null! }),
            "ctrByCreative" => Valid.WithAdSet(0, a => a with { CtrByCreative = null! }),
            "id" => Valid.WithAdSet(0, a => a with { Id = null! }),
            _ => throw new ArgumentOutOfRangeException(nameof(part)),
        };

        var errors = ScenarioValidator.Validate(scenario);

        Assert.Equal(path, Assert.Single(errors).Path);
    }

    private static ValueRange Positive => new(0, double.PositiveInfinity, MinInclusive: false, MaxInclusive: false);

    private static ValueRange NonNegative => new(0, double.PositiveInfinity, MinInclusive: true, MaxInclusive: false);

    private static ValueRange Open(double min, double max) => new(min, max, MinInclusive: false, MaxInclusive: false);

    private static ValueRange Closed(double min, double max) => new(min, max, MinInclusive: true, MaxInclusive: true);

    private static ValueRange HalfOpen(double min, double max) => new(min, max, MinInclusive: true, MaxInclusive: false);

    private static ValueRange Integers(int min, int max) => new(min, max, MinInclusive: true, MaxInclusive: true) { Integer = true };

    private static NumericField Store(string path, ValueRange range, Func<StoreSettings, double, StoreSettings> set) =>
        new(path, range, (s, _, v) => (path, s.WithStore(st => set(st, v))));

    private static NumericField Market(string path, ValueRange range, Func<MarketParameters, double, MarketParameters> set) =>
        new(path, range, (s, _, v) => (path, s.WithMarket(m => set(m, v))));

    private static NumericField Competition(
        string field, ValueRange range, Func<CompetitionParameters, double, CompetitionParameters> set) =>
        Market($"market.competition.{field}", range, (m, v) => m with { Competition = set(m.Competition, v) });

    private static NumericField Instagram(string field, ValueRange range, Func<PlatformParameters, double, PlatformParameters> set) =>
        Market($"market.instagram.{field}", range, (m, v) => m with { Instagram = set(m.Instagram, v) });

    private static NumericField TikTok(string field, ValueRange range, Func<PlatformParameters, double, PlatformParameters> set) =>
        Market($"market.tiktok.{field}", range, (m, v) => m with { TikTok = set(m.TikTok, v) });

    private static NumericField Attribution(
        string field, ValueRange range, Func<AttributionParameters, double, AttributionParameters> set) =>
        Market($"market.attribution.{field}", range, (m, v) => m with { Attribution = set(m.Attribution, v) });

    private static NumericField AdSet(string field, ValueRange range, Func<AdSetParameters, double, AdSetParameters> set) =>
        new($"adSets[i].{field}", range, (s, i, v) => ($"adSets[{i}].{field}", s.WithAdSet(i, a => set(a, v))));

    private static double[] Replace(IReadOnlyList<double> list, int index, double value)
    {
        var copy = list.ToArray();
        copy[index] = value;
        return copy;
    }

    private static Dictionary<TKey, double> Replace<TKey>(IReadOnlyDictionary<TKey, double> table, TKey key, double value)
        where TKey : notnull => new(table) { [key] = value };

    /// <summary>A documented range; infinity is outside every range, and NaN too unless only finite values can be set.</summary>
    private sealed record ValueRange(double Min, double Max, bool MinInclusive, bool MaxInclusive)
    {
        public bool Integer { get; init; }

        public bool FiniteOnly { get; init; }

        public IEnumerable<double> InclusiveBounds()
        {
            if (MinInclusive)
            {
                yield return Min;
            }

            if (MaxInclusive && double.IsFinite(Max) && Max < int.MaxValue)
            {
                yield return Max;
            }
        }

        public Gen<double> Outside()
        {
            if (Integer)
            {
                var below = Gen.Int[int.MinValue, (int)Min - 1].Select(i => (double)i);
                return Max < int.MaxValue ? Gen.OneOf(below, Gen.Int[(int)Max + 1, int.MaxValue].Select(i => (double)i)) : below;
            }

            var gens = new List<Gen<double>>
            {
                Gen.Double[Min - 1e6, Min].Where(v => v < Min || !MinInclusive),
                Gen.Double[-1e-6, 0].Select(d => Min + d).Where(v => v < Min || !MinInclusive),
            };
            if (double.IsFinite(Max))
            {
                gens.Add(Gen.Double[Max, Max + 1e6].Where(v => v > Max || !MaxInclusive));
            }

            if (!FiniteOnly)
            {
                gens.Add(Gen.OneOfConst(double.NaN, double.PositiveInfinity, double.NegativeInfinity));
            }

            return Gen.OneOf([.. gens]);
        }
    }

    /// <summary>A numeric field, its documented range, and how to set it in ad set <c>i</c>.</summary>
    private sealed class NumericField(string path, ValueRange range, Func<Scenario, int, double, (string Path, Scenario Scenario)> apply)
    {
        public string Path { get; } = path;

        public ValueRange Range { get; } = range;

        public Gen<double> Invalid { get; } = range.Outside();

        public (string Path, Scenario Scenario) Apply(Scenario scenario, int adSet, double value) => apply(scenario, adSet, value);
    }
}

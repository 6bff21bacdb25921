using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>No NaN, infinity or negative count anywhere in the parameter space the validator accepts, whatever the actions.</summary>
public sealed class SimulatedEnvironmentRobustnessTests
{
    public static TheoryData<string> ExtremeCases => [.. Extremes.Keys];

    private static readonly Dictionary<string, Func<Scenario, Scenario>> Extremes = new(StringComparer.Ordinal)
    {
        // Log pressure climbs by 3 an hour and never decays: prices overflow to infinity within ten days.
        ["competition overflows"] = s => WithMarket(s, m => m with
        {
            Competition = m.Competition with { Persistence = Math.BitDecrement(1.0), JumpProbability = 1, JumpSize = 3, Volatility = 1, WeeklyAmplitude = 2 },
        }),
        ["no noise, no overshoot"] = s => WithMarket(s, m => m with
        {
            PacingNoise = 0,
            DailyDemandNoise = 0,
            Instagram = m.Instagram with { MaxDailyOvershoot = 0 },
            TikTok = m.TikTok with { MaxDailyOvershoot = 0 },
        }),
        ["all traffic in one hour"] = s => WithMarket(s, m => m with
        {
            HourlyTraffic = [.. Enumerable.Range(0, 24).Select(h => h == 20 ? 1e3 : 1e-3)],
            HourlyConversion = [.. Enumerable.Range(0, 24).Select(h => h == 3 ? 1e3 : 1e-3)],
            WeekdayTraffic = [1e-3, 1, 1, 1, 1, 1, 1e3],
        }),
        ["every purchase beyond the lag window"] = s => WithMarket(s, m => m with
        {
            Attribution = m.Attribution with { LagMedianHours = Math.BitDecrement(72.0), LagSigma = 0.01, MaxLagHours = 1 },
        }),
        ["creatives wear out at once"] = s => WithAdSets(s, a => a with { FatigueHalfLifeImpressions = 1, FatigueFloor = 0 }),
        ["creatives never recover"] = s => WithAdSets(s, a => a with { FatigueRecoveryHours = Math.BitDecrement(1e6), FatigueHalfLifeImpressions = 10 }),
        ["learning every hour"] = s => WithMarket(s, m => m with
        {
            Instagram = m.Instagram with { LearningBudgetChangeThreshold = double.Epsilon, LearningCvrPenalty = Math.BitDecrement(1.0), LearningExitConversions = int.MaxValue, LearningMaxHours = int.MaxValue },
            TikTok = m.TikTok with { LearningBudgetChangeThreshold = double.Epsilon, LearningCvrPenalty = Math.BitDecrement(1.0), LearningExitConversions = int.MaxValue, LearningMaxHours = int.MaxValue },
        }),
        ["extreme age and interest tables"] = s => WithMarket(s, m => m with
        {
            AgeCtr = Enum.GetValues<AgeGroup>().ToDictionary(a => a, a => a == AgeGroup.Age55Plus ? 100.0 : 0.01),
            AgeCvr = Enum.GetValues<AgeGroup>().ToDictionary(a => a, a => a == AgeGroup.Age18To24 ? 100.0 : 0.01),
            AgeCpm = Enum.GetValues<AgeGroup>().ToDictionary(a => a, a => a == AgeGroup.Age35To44 ? 0.01 : 100.0),
            InterestAffinity = InterestsJsonConverter.Names.ToDictionary(n => n, n => n == "pets" ? 10.0 : 0.01, StringComparer.Ordinal),
        }),
        ["near-certain clicks and purchases"] = s => WithAdSets(s, a => a with
        {
            CtrByCreative = a.CtrByCreative.ToDictionary(kv => kv.Key, _ => Math.BitDecrement(1.0)),
            Cvr = Math.BitDecrement(1.0),
            HalfSaturationHourlySpend = 0.01,
            BaseCpm = 1_000,
        }),
        ["tiny caps and huge order values"] = s => WithAdSets(s, a => a with
        {
            BidStrategy = BidStrategy.BidCap(0.0000000000000000000000000001m),
            AverageOrderValue = Math.BitDecrement(1e7),
            OrderValueSigma = 2,
        }),
        ["huge budgets"] = s => WithAdSets(s, a => a with { MinDailyBudget = 1e12m, DailyBudget = 1e15m, MaxDailyBudget = 1e18m }),
        ["no bias, all UTMs lost"] = s => WithMarket(s, m => m with
        {
            Attribution = m.Attribution with { UtmMissingRate = 1 },
            Instagram = m.Instagram with { ReportedConversionBias = double.Epsilon },
            TikTok = m.TikTok with { ReportedConversionBias = Math.BitDecrement(10.0) },
        }),
    };

    [Fact]
    public void Valid_GeneratedScenarios_PassTheValidatorAndReachTheEdges()
    {
        var scenarios = ScenarioGenerators.Valid.Array[3_000].Single();

        Assert.All(scenarios, s => Assert.Empty(ScenarioValidator.Validate(s)));

        // The generator is not confined to comfortable values: each of these edges appears.
        var adSets = scenarios.SelectMany(s => s.AdSets).ToArray();
        Assert.Contains(adSets, a => a.HillShape == 1.0);
        Assert.Contains(adSets, a => a.HillShape == double.Epsilon);
        Assert.Contains(adSets, a => a.FatigueFloor == 0 || a.FatigueFloor == 1);
        Assert.Contains(adSets, a => a.CompetitorSensitivity == 0 || a.CompetitorSensitivity == 2);
        Assert.Contains(adSets, a => a.Cvr == Math.BitDecrement(1.0));
        Assert.Contains(adSets, a => a.MinDailyBudget == a.MaxDailyBudget);
        Assert.Contains(adSets, a => a.BidStrategy.Kind == BidStrategyKind.BidCap);
        Assert.Contains(adSets, a => a.FatigueHalfLifeImpressions == 1);
        Assert.Contains(scenarios, s => s.Market.Competition.Persistence == Math.BitDecrement(1.0));
        Assert.Contains(scenarios, s => s.Market.Attribution.MaxLagHours == 1);
        Assert.Contains(scenarios, s => s.Market.Attribution.MaxLagHours == 168);
        Assert.Contains(scenarios, s => s.Market.Instagram.LearningExitConversions == int.MaxValue);
        Assert.Contains(scenarios, s => s.Market.HourlyTraffic.Contains(1e-3));
        Assert.Contains(scenarios, s => s.Store.TimeZone == "America/Santiago" && s.StartDate == new DateOnly(2026, 9, 6));
        Assert.Contains(scenarios, s => s.AdSets.Count == 4);
    }

    [Fact]
    public void Step_ValidScenariosAndAdversarialActions_EveryOutputFiniteAndNonNegative()
    {
        Check.Sample(Gen.Select(ScenarioGenerators.Valid, Gen.ULong, Gen.Int[24, 24 * 5]), (scenario, actionSeed, hours) =>
        {
            Run(scenario, actionSeed, hours);
        }, iter: 600);
    }

    [Theory]
    [MemberData(nameof(ExtremeCases))]
    public void Step_ExtremeScenario_EveryOutputFiniteAndNonNegative(string name)
    {
        var scenario = Extremes[name](DefaultFamily.Sample(19, 4));
        Assert.Empty(ScenarioValidator.Validate(scenario));

        Run(scenario, actionSeed: 5, hours: 24 * 14);
    }

    [Fact]
    public void ExpectedHourAndTruth_ValidScenariosAndAdversarialActions_AreFiniteAndNonNegative()
    {
        // The oracle plans with ExpectedHour, TruthOf and FatigueOf, so they too must be numbers everywhere.
        Check.Sample(Gen.Select(ScenarioGenerators.Valid, Gen.ULong, Gen.Int[0, 72]), (scenario, actionSeed, hours) =>
        {
            var env = Run(scenario, actionSeed, hours, checkOutputs: false);
            AssertOracleViewFinite(env, scenario);
        }, iter: 150);
    }

    [Theory]
    [MemberData(nameof(ExtremeCases))]
    public void ExpectedHourAndTruth_ExtremeScenario_AreFiniteAndNonNegative(string name)
    {
        var scenario = Extremes[name](DefaultFamily.Sample(19, 4));

        var env = Run(scenario, actionSeed: 5, hours: 24 * 14, checkOutputs: false);

        AssertOracleViewFinite(env, scenario);
    }

    [Fact]
    public void Step_AnyActions_TrailingSpendAndRevenueAreTheLast24HoursSums()
    {
        Check.Sample(Gen.Select(ScenarioGenerators.Family, Gen.ULong), (scenario, actionSeed) =>
        {
            var env = new SimulatedEnvironment(scenario);
            var n = scenario.AdSets.Count;
            var history = new List<AdSetHourInfo>[n];
            for (var i = 0; i < n; i++)
            {
                history[i] = [];
            }

            var rng = new Rng(actionSeed);
            var result = env.Reset();
            for (var h = 0; h < 120; h++)
            {
                var actions = new AdAction[n];
                for (var i = 0; i < n; i++)
                {
                    actions[i] = ScenarioGenerators.RandomAction(ref rng, result.States[i], adversarial: false);
                }

                result = env.Step(actions);
                for (var i = 0; i < n; i++)
                {
                    history[i].Add(result.Info[i]);
                    var window = history[i].TakeLast(24).ToArray();
                    var scale = history[i].TakeLast(48).Sum(x => x.Spend + x.ShopifyRevenue) + 1;
                    var spend = window.Sum(x => x.Spend);
                    var revenue = window.Sum(x => x.ShopifyRevenue - x.UnattributedRevenue);
                    Assert.Equal(spend, result.States[i].SpendLast24Hours, 1e-12 * scale);
                    Assert.Equal(revenue, result.States[i].RevenueLast24Hours, 1e-12 * scale);
                }
            }
        }, iter: 30);
    }

    [Fact]
    public void Step_PausedForMoreThanADay_TrailingSpendIsExactlyZero()
    {
        // A paused ad set spent nothing in the last 24 hours; a running sum that leaves a rounding residue here turns
        // late-arriving revenue into a trailing ROAS of 10¹⁵ in the policy's features.
        Check.Sample(Gen.ULong, seed =>
        {
            var env = new SimulatedEnvironment(DefaultFamily.Sample(seed, 1));
            var result = env.Reset();
            for (var h = 0; h < 50; h++)
            {
                result = env.Step([AdAction.AdjustBudget(result.States[0], h % 2 == 0 ? 0.13 : -0.11)]);
            }

            for (var h = 0; h < 30; h++)
            {
                result = env.Step([AdAction.Keep(result.States[0]) with { Status = AdSetStatus.Paused }]);
            }

            var state = result.States[0];
            Assert.True(state.SpendLast24Hours == 0, $"paused 30 h, trailing spend {state.SpendLast24Hours:R}, trailing ROAS {state.RoasLast24Hours:R}");
            Assert.Equal(0.0, state.RoasLast24Hours);
        }, iter: 40);
    }

    private static SimulatedEnvironment Run(Scenario scenario, ulong actionSeed, int hours, bool checkOutputs = true)
    {
        var env = new SimulatedEnvironment(scenario);
        var rng = new Rng(actionSeed);
        var result = env.Reset();
        if (checkOutputs)
        {
            AssertStatesValid(result, env);
        }

        var actions = new AdAction[scenario.AdSets.Count];
        for (var h = 0; h < hours; h++)
        {
            for (var i = 0; i < actions.Length; i++)
            {
                actions[i] = ScenarioGenerators.RandomAction(ref rng, result.States[i], adversarial: true);
            }

            result = env.Step(actions);
            if (!checkOutputs)
            {
                continue;
            }

            AssertStatesValid(result, env);
            Assert.True(result.OrganicOrders >= 0, $"hour {h}: {result.OrganicOrders} organic orders");
            AssertMoney(result.OrganicRevenue, "organic revenue", h);
            for (var i = 0; i < actions.Length; i++)
            {
                AssertHourValid(result.Info[i], result.Rewards[i], env.AdSets[i], h);
            }
        }

        return env;
    }

    private static void AssertHourValid(in AdSetHourInfo info, in RewardMetrics reward, AdSetDescriptor adSet, int hour)
    {
        Assert.InRange(info.DailyBudget, adSet.MinDailyBudget, adSet.MaxDailyBudget);
        AssertMoney(info.Spend, nameof(info.Spend), hour);
        Assert.True(info.Impressions >= 0, $"hour {hour}: {info.Impressions} impressions");
        Assert.InRange(info.Clicks, 0, info.Impressions);
        Assert.InRange(info.ClickCohortConversions, 0, info.Clicks);
        Assert.True(info.PlatformConversions >= 0, $"hour {hour}: {info}");
        Assert.True(info.ShopifyOrders >= 0, $"hour {hour}: {info}");
        Assert.InRange(info.UnattributedOrders, 0, info.ShopifyOrders);
        AssertMoney(info.PlatformRevenue, nameof(info.PlatformRevenue), hour);
        AssertMoney(info.ShopifyRevenue, nameof(info.ShopifyRevenue), hour);
        AssertMoney(info.UnattributedRevenue, nameof(info.UnattributedRevenue), hour);
        AssertMoney(info.ClickCohortRevenue, nameof(info.ClickCohortRevenue), hour);
        AssertMoney(info.Cpm, nameof(info.Cpm), hour);
        Assert.True(info.LimitInterventions >= 0, $"hour {hour}: {info}");

        AssertMoney(reward.Revenue, nameof(reward.Revenue), hour);
        AssertMoney(reward.AdSpend, nameof(reward.AdSpend), hour);
        AssertMoney(reward.Cogs, nameof(reward.Cogs), hour);
        AssertMoney(reward.Conversions, nameof(reward.Conversions), hour);
        Assert.True(double.IsFinite(reward.Profit), $"hour {hour}: {reward}");
        Assert.True(reward.Cogs <= reward.Revenue, $"hour {hour}: {reward}");
        Assert.Equal(info.Spend, reward.AdSpend);
        Assert.Equal(info.ShopifyRevenue, reward.Revenue);
        Assert.Equal(info.ShopifyOrders, reward.Conversions);
    }

    private static void AssertStatesValid(StepResult result, SimulatedEnvironment env)
    {
        for (var i = 0; i < result.States.Length; i++)
        {
            var s = result.States[i];
            var where = $"hour {result.HourIndex}, ad set {i}";
            Assert.InRange(s.HourOfDay, 0, 23);
            Assert.True(Enum.IsDefined(s.DayOfWeek), where);
            Assert.InRange(s.CurrentBudget, env.AdSets[i].MinDailyBudget, env.AdSets[i].MaxDailyBudget);
            Assert.True(double.IsFinite(s.HistoricalCtr) && s.HistoricalCtr is >= 0 and <= 1, $"{where}: CTR {s.HistoricalCtr:R}");
            Assert.True(double.IsFinite(s.HistoricalCvr) && s.HistoricalCvr >= 0, $"{where}: CVR {s.HistoricalCvr:R}");
            Assert.True(double.IsFinite(s.CompetitorActivity) && s.CompetitorActivity >= -1, $"{where}: competitor activity {s.CompetitorActivity:R}");
            Assert.True(double.IsFinite(s.Seasonality) && s.Seasonality >= 0, $"{where}: seasonality {s.Seasonality:R}");
            AssertMoney(s.SpendLast24Hours, nameof(s.SpendLast24Hours), result.HourIndex);
            AssertMoney(s.RevenueLast24Hours, nameof(s.RevenueLast24Hours), result.HourIndex);
        }
    }

    private static void AssertOracleViewFinite(SimulatedEnvironment env, Scenario scenario)
    {
        for (var i = 0; i < scenario.AdSets.Count; i++)
        {
            var truth = env.TruthOf(i);
            var where = $"ad set {i} after {env.HourIndex} h";
            Assert.True(double.IsFinite(truth.Fatigue) && truth.Fatigue is >= 0 and <= 1, $"{where}: fatigue {truth.Fatigue:R}");
            Assert.True(double.IsFinite(truth.BudgetReference) && truth.BudgetReference > 0, where);
            AssertMoney(truth.SpentToday, nameof(truth.SpentToday), env.HourIndex);
            foreach (var creative in Enum.GetValues<CreativeType>())
            {
                var fatigue = env.FatigueOf(i, creative);
                Assert.True(double.IsFinite(fatigue) && fatigue is >= 0 and <= 1, $"{where}: {creative} fatigue {fatigue:R}");
                foreach (var learning in new[] { false, true })
                {
                    foreach (var hoursAhead in new[] { 0, 37 })
                    {
                        var expected = env.ExpectedHour(i, truth.DailyBudget, hoursAhead, creative, learning);
                        var what = $"{where}: ExpectedHour({creative}, learning {learning}, +{hoursAhead} h) = {expected}";
                        Assert.True(IsMoney(expected.Revenue) && IsMoney(expected.AdSpend) && IsMoney(expected.Cogs) && IsMoney(expected.Conversions), what);
                    }
                }
            }
        }
    }

    private static void AssertMoney(double value, string name, int hour) =>
        Assert.True(IsMoney(value), $"hour {hour}: {name} = {value:R}");

    private static bool IsMoney(double value) => double.IsFinite(value) && value >= 0;

    private static Scenario WithMarket(Scenario s, Func<MarketParameters, MarketParameters> edit) => s with { Market = edit(s.Market) };

    private static Scenario WithAdSets(Scenario s, Func<AdSetParameters, AdSetParameters> edit) => s with { AdSets = [.. s.AdSets.Select(edit)] };
}

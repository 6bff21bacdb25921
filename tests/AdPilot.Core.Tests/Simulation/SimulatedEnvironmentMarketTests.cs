using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>Creative fatigue and recovery, purchase lags, and the platforms' reporting bias.</summary>
public sealed class SimulatedEnvironmentMarketTests
{
    [Fact]
    public void FatigueOf_OneCreativeKept_FallsDayByDayWhileOthersStayFresh()
    {
        Check.Sample(Gen.ULong, seed =>
        {
            var scenario = DefaultFamily.Sample(seed, 1);
            var env = new SimulatedEnvironment(scenario);
            var result = env.Reset();
            var running = scenario.AdSets[0].CreativeType;
            var previous = env.FatigueOf(0, running);
            Assert.Equal(1.0, previous);

            for (var day = 0; day < 5; day++)
            {
                for (var h = 0; h < 24; h++)
                {
                    result = env.Step([AdAction.Keep(result.States[0])]);
                }

                var now = env.FatigueOf(0, running);
                Assert.True(now < previous, $"day {day}: fatigue {now:R} did not fall from {previous:R}");
                Assert.True(now > scenario.AdSets[0].FatigueFloor);
                Assert.Equal(now, env.TruthOf(0).Fatigue);
                previous = now;
            }

            foreach (var other in Enum.GetValues<CreativeType>().Where(c => c != running))
            {
                Assert.Equal(1.0, env.FatigueOf(0, other));
            }
        }, iter: 15);
    }

    [Fact]
    public void FatigueOf_RestingCreative_RecoversHalfItsFatigueEveryRecoveryHalfLife()
    {
        Check.Sample(Gen.Select(Gen.ULong, Gen.Int[1, 3]), (seed, rotateBy) =>
        {
            var scenario = DefaultFamily.Sample(seed, 1);
            var p = scenario.AdSets[0];
            var env = new SimulatedEnvironment(scenario);
            var result = env.Reset();
            for (var h = 0; h < 72; h++)
            {
                result = env.Step([AdAction.Keep(result.States[0])]);
            }

            var worn = p.CreativeType;
            var next = (CreativeType)(((int)worn + rotateBy) % 4);
            result = env.Step([AdAction.Keep(result.States[0]) with { CreativeType = next }]);
            Assert.Equal(next, result.States[0].CreativeType);
            Assert.Equal(0, result.Info[0].LimitInterventions);

            var before = Exposure(env.FatigueOf(0, worn), p);
            var previous = env.FatigueOf(0, worn);
            var recoveryHours = (int)p.FatigueRecoveryHours;
            for (var h = 0; h < recoveryHours; h++)
            {
                result = env.Step([AdAction.Keep(result.States[0])]);
                var now = env.FatigueOf(0, worn);
                Assert.True(now > previous, $"hour {h}: resting creative's multiplier {now:R} did not rise from {previous:R}");
                previous = now;
            }

            // FatigueRecoveryHours is a whole number in the family, so exactly one recovery half-life has passed.
            Assert.Equal(0.5, Exposure(env.FatigueOf(0, worn), p) / before, 1e-6);
            Assert.True(env.FatigueOf(0, next) < 1.0);
        }, iter: 15);
    }

    [Fact]
    public void FatigueOf_AdSetPaused_ItsCreativesRecover()
    {
        // A paused ad set shows no ad, so every creative of it rests and should recover like a rotated-out one.
        var scenario = DefaultFamily.Sample(12, 1);
        var p = scenario.AdSets[0];
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        for (var h = 0; h < 72; h++)
        {
            result = env.Step([AdAction.Keep(result.States[0])]);
        }

        var before = Exposure(env.FatigueOf(0, p.CreativeType), p);
        for (var h = 0; h < (int)p.FatigueRecoveryHours; h++)
        {
            result = env.Step([AdAction.Keep(result.States[0]) with { Status = AdSetStatus.Paused }]);
            Assert.Equal(0, result.Info[0].Spend);
        }

        Assert.Equal(0.5, Exposure(env.FatigueOf(0, p.CreativeType), p) / before, 1e-6);
    }

    [Fact]
    public void Step_LongRunThenPaused_EveryCausedPurchaseReachesShopify()
    {
        // Purchases arrive after their clicks: while running, the gap between purchases caused and purchases arrived
        // is what is still in flight (never negative, never more than the last MaxLagHours of cohorts); after a pause
        // longer than the lag window, every caused purchase has arrived, with its revenue.
        Check.Sample(Gen.Select(Gen.OneOf(ScenarioGenerators.Family, ScenarioGenerators.Valid), Gen.ULong), (scenario, actionSeed) =>
        {
            var env = new SimulatedEnvironment(scenario);
            var maxLag = env.Lag.MaxHours;
            var n = scenario.AdSets.Count;
            var cohorts = new List<long>[n];
            var caused = new long[n];
            var arrived = new long[n];
            var causedRevenue = new double[n];
            var arrivedRevenue = new double[n];
            for (var i = 0; i < n; i++)
            {
                cohorts[i] = [];
            }

            var rng = new Rng(actionSeed);
            var result = env.Reset();
            var runHours = 24 * 7;
            for (var h = 0; h < runHours + maxLag + 1; h++)
            {
                var actions = new AdAction[n];
                for (var i = 0; i < n; i++)
                {
                    actions[i] = h < runHours
                        ? ScenarioGenerators.RandomAction(ref rng, result.States[i], adversarial: false) with { Status = AdSetStatus.Active }
                        : AdAction.Keep(result.States[i]) with { Status = AdSetStatus.Paused };
                }

                result = env.Step(actions);
                for (var i = 0; i < n; i++)
                {
                    var info = result.Info[i];
                    Assert.InRange(info.UnattributedOrders, 0, info.ShopifyOrders);
                    Assert.True(info.UnattributedRevenue <= info.ShopifyRevenue * (1 + 1e-12));
                    cohorts[i].Add(info.ClickCohortConversions);
                    caused[i] += info.ClickCohortConversions;
                    arrived[i] += info.ShopifyOrders;
                    causedRevenue[i] += info.ClickCohortRevenue;
                    arrivedRevenue[i] += info.ShopifyRevenue;

                    var inFlight = caused[i] - arrived[i];
                    var recent = cohorts[i].TakeLast(maxLag).Sum();
                    Assert.True(inFlight >= 0 && inFlight <= recent, $"hour {h}: {inFlight} in flight, {recent} caused in the last {maxLag} h");
                }
            }

            for (var i = 0; i < n; i++)
            {
                Assert.Equal(caused[i], arrived[i]);
                Assert.Equal(causedRevenue[i], arrivedRevenue[i], (1e-12 * causedRevenue[i]) + 1e-9);
            }
        }, iter: 80);
    }

    [Theory]
    [InlineData(1.3)]
    [InlineData(0.7)]
    public void Step_ReportedConversionBias_PlatformCountsDifferFromShopifyInItsDirection(double bias)
    {
        var platform = new PlatformParameters
        {
            MaxDailyOvershoot = 0.25,
            LearningBudgetChangeThreshold = 0.2,
            LearningExitConversions = 50,
            LearningMaxHours = 168,
            LearningCvrPenalty = 0.2,
            ReportedConversionBias = bias,
        };
        var scenario = ScenarioGenerators.HighVolume(33, BidStrategy.LowestCost);
        scenario = scenario with { Market = scenario.Market with { Instagram = platform, TikTok = platform } };
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        long shopify = 0, reported = 0;
        double shopifyRevenue = 0, reportedRevenue = 0;
        for (var h = 0; h < 24 * 21; h++)
        {
            result = env.Step(result.States.ToArray().Select(s => AdAction.Keep(s)).ToArray());
            foreach (var info in result.Info)
            {
                shopify += info.ShopifyOrders;
                reported += info.PlatformConversions;
                shopifyRevenue += info.ShopifyRevenue;
                reportedRevenue += info.PlatformRevenue;
            }
        }

        // Reported counts are Poisson(bias × orders): the ratio's standard error is √(bias / orders).
        var se = Math.Sqrt(bias / shopify);
        Assert.True(shopify > 1_000, $"only {shopify} orders");
        Assert.Equal(bias > 1, reported > shopify);
        Assert.InRange(reported / (double)shopify, bias - (5 * se), bias + (5 * se));
        Assert.InRange(reportedRevenue / shopifyRevenue, bias - (10 * se), bias + (10 * se));
    }

    /// <summary>The cumulative impressions a fatigue multiplier stands for: multiplier = floor + (1 − floor)·2^(−exposure / half-life).</summary>
    private static double Exposure(double multiplier, AdSetParameters p) =>
        -Math.Log2((multiplier - p.FatigueFloor) / (1 - p.FatigueFloor)) * p.FatigueHalfLifeImpressions;
}

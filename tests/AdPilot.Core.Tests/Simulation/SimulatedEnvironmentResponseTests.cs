using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

/// <summary>How delivery responds to spend, audience price and bid caps: diminishing returns and the oracle's expectation.</summary>
public sealed class SimulatedEnvironmentResponseTests
{
    [Fact]
    public void ExpectedHour_BudgetRises_MarginalRoasFalls()
    {
        var budgets = Gen.Select(Gen.Double[Math.Log(0.01), Math.Log(1e6)], Gen.Double[0.001, 10], Gen.Double[0.001, 10])
            .Select((logB1, up2, up3) => (B1: Math.Exp(logB1), B2: Math.Exp(logB1) * (1 + up2), B3: Math.Exp(logB1) * (1 + up2) * (1 + up3)));
        var gen = Gen.Select(ScenarioGenerators.Family, Gen.ULong, Gen.Int[0, 100], Gen.Int[0, 200], Gen.Int[0, 3], budgets.Array[8]);
        Check.Sample(gen, (scenario, actionSeed, hoursRun, hoursAhead, creative, budgetTriples) =>
        {
            var env = Advance(scenario, hoursRun, actionSeed);
            for (var i = 0; i < scenario.AdSets.Count; i++)
            {
                foreach (var (b1, b2, b3) in budgetTriples)
                {
                    var r1 = env.ExpectedHour(i, b1, hoursAhead, (CreativeType)creative, learning: false);
                    var r2 = env.ExpectedHour(i, b2, hoursAhead, (CreativeType)creative, learning: false);
                    var r3 = env.ExpectedHour(i, b3, hoursAhead, (CreativeType)creative, learning: false);

                    Assert.True(r1.AdSpend < r2.AdSpend && r2.AdSpend < r3.AdSpend);
                    Assert.True(r1.Revenue <= r2.Revenue && r2.Revenue <= r3.Revenue, $"revenue {r1.Revenue:R}, {r2.Revenue:R}, {r3.Revenue:R}");
                    Assert.True(r1.Conversions <= r2.Conversions && r2.Conversions <= r3.Conversions, $"conversions {r1.Conversions:R}, {r2.Conversions:R}, {r3.Conversions:R}");

                    var slope12 = (r2.Revenue - r1.Revenue) / (r2.AdSpend - r1.AdSpend);
                    var slope23 = (r3.Revenue - r2.Revenue) / (r3.AdSpend - r2.AdSpend);

                    // Allow 1e-9 relative, plus the rounding error of the differences (a few ulps of each revenue).
                    var rounding = 8e-16 * ((r3.Revenue / (r3.AdSpend - r2.AdSpend)) + (r2.Revenue / (r2.AdSpend - r1.AdSpend)));
                    Assert.True(
                        slope12 + (1e-9 * Math.Abs(slope12)) + rounding >= slope23,
                        $"ad set {i}, budgets {b1:R} < {b2:R} < {b3:R}: marginal ROAS {slope12:R} then {slope23:R}");
                }
            }
        }, iter: 100);
    }

    [Theory]
    [InlineData(1.0)]
    [InlineData(0.6)]
    public void ExpectedHour_NearlyLinearRegime_MarginalRoasStillFallsToWithin1e9(double hillShape)
    {
        // Far below half-saturation the response is almost linear, so successive marginal ROAS values differ by
        // little (about ΔB/K relative); the expected response must be computed precisely enough to still order them.
        var family = DefaultFamily.Sample(31, 1);
        var scenario = family with { AdSets = [family.AdSets[0] with { HillShape = hillShape, HalfSaturationHourlySpend = 1e6 }] };
        var env = new SimulatedEnvironment(scenario);
        var creative = scenario.AdSets[0].CreativeType;
        for (var k = 0; k < 200; k++)
        {
            var b1 = 10 + (k * 0.37);
            var (r1, r2, r3) = (
                env.ExpectedHour(0, b1, 12, creative, learning: false),
                env.ExpectedHour(0, b1 * 1.01, 12, creative, learning: false),
                env.ExpectedHour(0, b1 * 1.02, 12, creative, learning: false));
            var slope12 = (r2.Revenue - r1.Revenue) / (r2.AdSpend - r1.AdSpend);
            var slope23 = (r3.Revenue - r2.Revenue) / (r3.AdSpend - r2.AdSpend);
            var rounding = 8e-16 * ((r3.Revenue / (r3.AdSpend - r2.AdSpend)) + (r2.Revenue / (r2.AdSpend - r1.AdSpend)));
            Assert.True(
                slope12 + (1e-9 * Math.Abs(slope12)) + rounding >= slope23,
                $"budget {b1:R}: marginal ROAS {slope12:R} then {slope23:R} (relative rise {(slope23 / slope12) - 1:E2})");
        }
    }

    [Theory]
    [InlineData(0.5)]
    [InlineData(0.01)]
    [InlineData(0.0002)]
    public void Step_RetargetedToCheaperAudience_BuysMoreImpressions(double relativeCpm)
    {
        // Only the CPM differs between the two age bands; the validator accepts any CPM multiplier in [0.01, 100].
        var family = DefaultFamily.Sample(32, 1);
        var start = family.AdSets[0].TargetAgeGroup;
        var cheap = (AgeGroup)(((int)start + 1) % 5);
        var ones = Enum.GetValues<AgeGroup>().ToDictionary(a => a, _ => 1.0);
        var scenario = family with
        {
            Market = family.Market with
            {
                AgeCtr = ones,
                AgeCvr = ones,
                AgeCpm = Enum.GetValues<AgeGroup>().ToDictionary(a => a, a => a == cheap ? 50 * relativeCpm : 50.0),
            },
        };
        var kept = new SimulatedEnvironment(scenario);
        var moved = new SimulatedEnvironment(scenario);
        var keptResult = kept.Reset();
        var movedResult = moved.Reset();
        var creative = scenario.AdSets[0].CreativeType;
        var budget = keptResult.States[0].CurrentBudget;
        long keptImpressions = 0, movedImpressions = 0;
        for (var h = 0; h < 48; h++)
        {
            keptResult = kept.Step([AdAction.Keep(keptResult.States[0])]);
            movedResult = moved.Step([AdAction.Keep(movedResult.States[0]) with { TargetAgeGroup = cheap }]);
            keptImpressions += keptResult.Info[0].Impressions;
            movedImpressions += movedResult.Info[0].Impressions;
        }

        var keptExpected = kept.ExpectedHour(0, budget, 0, creative, learning: false).Conversions;
        var movedExpected = moved.ExpectedHour(0, budget, 0, creative, learning: false).Conversions;
        Assert.True(double.IsFinite(movedExpected) && movedExpected > keptExpected, $"expected conversions {movedExpected:R} against {keptExpected:R}");
        Assert.True(movedImpressions > keptImpressions, $"{movedImpressions} impressions in the cheaper audience against {keptImpressions}");
    }

    [Fact]
    public void ExpectedHour_ZeroBudget_ExpectsNothing()
    {
        var env = new SimulatedEnvironment(DefaultFamily.Sample(2, 2));

        Assert.Equal(default, env.ExpectedHour(0, 0, 0, CreativeType.Ugc, learning: false));
    }

    [Fact]
    public void ExpectedHour_AveragedOverManyHours_MatchesSimulatedClickCohortRevenue()
    {
        // ExpectedHour is the oracle's ground truth: over a long lowest-cost run the simulated purchases must agree with it.
        var full = ScenarioGenerators.HighVolume(21, BidStrategy.LowestCost);
        var scenario = full with { AdSets = [full.AdSets[0]] };
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        double expected = 0, simulated = 0;
        for (var h = 0; h < 24 * 28; h++)
        {
            var state = result.States[0];
            expected += env.ExpectedHour(0, state.CurrentBudget, 0, state.CreativeType, env.TruthOf(0).Learning).Conversions;
            result = env.Step([AdAction.Keep(state)]);
            simulated += result.Info[0].ClickCohortConversions;
        }

        // Pacing and demand noise have mean 1, and competition is near its cycle; agree within 15%.
        Assert.True(simulated > 500, $"only {simulated} purchases");
        Assert.InRange(simulated / expected, 0.85, 1.15);
    }

    [Fact]
    public void Step_CostCapFarBelowCostPerResult_ThrottlesSpend()
    {
        Check.Sample(Gen.ULong, seed =>
        {
            var lowest = Spend(ScenarioGenerators.HighVolume(seed, BidStrategy.LowestCost), 48);
            var costCap = Spend(ScenarioGenerators.HighVolume(seed, BidStrategy.CostCap(0.0001m)), 48);
            var bidCap = Spend(ScenarioGenerators.HighVolume(seed, BidStrategy.BidCap(0.0001m)), 48);

            for (var i = 0; i < lowest.Length; i++)
            {
                Assert.True(lowest[i].Sum() > 0);
                Assert.True(costCap[i].Sum() < 1e-3 * lowest[i].Sum(), $"cost cap spent {costCap[i].Sum():R} against {lowest[i].Sum():R}");

                // A bid cap throttles harder than a cost cap at the same amount, hour by hour.
                Assert.All(bidCap[i].Zip(costCap[i]), p => Assert.True(p.First <= p.Second));
            }
        }, iter: 10);
    }

    [Fact]
    public void Step_CostCapFarAboveCostPerResult_SpendsLikeLowestCost()
    {
        Check.Sample(Gen.ULong, seed =>
        {
            var lowest = Spend(ScenarioGenerators.HighVolume(seed, BidStrategy.LowestCost), 48);
            var generous = Spend(ScenarioGenerators.HighVolume(seed, BidStrategy.CostCap(1_000_000m)), 48);

            Assert.Equal(lowest, generous);
        }, iter: 10);
    }

    private static double[][] Spend(Scenario scenario, int hours)
    {
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        var spend = scenario.AdSets.Select(_ => new double[hours]).ToArray();
        for (var h = 0; h < hours; h++)
        {
            result = env.Step(result.States.ToArray().Select(s => AdAction.Keep(s)).ToArray());
            for (var i = 0; i < spend.Length; i++)
            {
                spend[i][h] = result.Info[i].Spend;
            }
        }

        return spend;
    }

    private static SimulatedEnvironment Advance(Scenario scenario, int hours, ulong actionSeed)
    {
        var env = new SimulatedEnvironment(scenario);
        var result = env.Reset();
        var rng = new Rng(actionSeed);
        for (var h = 0; h < hours; h++)
        {
            var actions = new AdAction[scenario.AdSets.Count];
            for (var i = 0; i < actions.Length; i++)
            {
                actions[i] = ScenarioGenerators.RandomAction(ref rng, result.States[i], adversarial: false);
            }

            result = env.Step(actions);
        }

        return env;
    }
}

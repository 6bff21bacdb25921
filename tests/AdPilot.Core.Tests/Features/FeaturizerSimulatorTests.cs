using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Simulation;
using AdPilot.Core.Tests.TestData;

namespace AdPilot.Core.Tests.Features;

/// <summary>
/// The featurizer fed the simulator's hourly reports must give the simulator's own states: the same local hours,
/// the same CTR and CVR, competitor activity and seasonality on the same scale.
/// </summary>
public sealed class FeaturizerSimulatorTests
{
    private const int Weeks = 8;

    [Fact]
    public void StateAt_SimulatedHistory_MatchesTheSimulatorsStates()
    {
        var scenario = ScenarioBuilder.Valid(adSetCount: 3, seed: 11).WithStore(s => s with { OrganicOrdersPerHour = 20 });
        var env = new SimulatedEnvironment(scenario);
        var zone = TimeZoneInfo.FindSystemTimeZoneById(scenario.Store.TimeZone);
        var n = env.AdSets.Count;
        var hours = Weeks * 168;
        var rows = Enumerable.Range(0, n).Select(_ => new List<AdSetHour>()).ToArray();
        var simulatorStates = new AdEnvironmentState[hours + 1][];
        var orderTimes = new List<DateTimeOffset>();

        var result = env.Reset();
        for (var t = 0; t < hours; t++)
        {
            simulatorStates[t] = result.States.ToArray();
            var actions = new AdAction[n];
            for (var i = 0; i < n; i++)
            {
                // Nudge budgets now and then so the history is not one steady state.
                actions[i] = t % 36 == 0 ? AdAction.AdjustBudget(result.States[i], i % 2 == 0 ? 0.1 : -0.1) : AdAction.Keep(result.States[i]);
            }

            result = env.Step(actions);
            var hourUtc = env.StartUtc.AddHours(t);
            for (var i = 0; i < n; i++)
            {
                var info = result.Info[i];
                rows[i].Add(new AdSetHour(
                    hourUtc,
                    (decimal)info.Spend,
                    info.Impressions,
                    info.Clicks,
                    info.PlatformConversions,
                    info.ShopifyOrders - info.UnattributedOrders,
                    (decimal)(info.ShopifyRevenue - info.UnattributedRevenue)));
                orderTimes.AddRange(Enumerable.Repeat(hourUtc.AddMinutes(20), (int)info.ShopifyOrders));
            }

            orderTimes.AddRange(Enumerable.Repeat(hourUtc.AddMinutes(40), (int)result.OrganicOrders));
        }

        simulatorStates[hours] = result.States.ToArray();
        var seasonality = Seasonality.Learn(orderTimes, env.StartUtc, env.StartUtc.AddHours(hours), zone);
        var featurizer = new Featurizer();
        var seasonalityErrors = new List<double>();

        // The last week: by then the simulator's warm start (before the history we see) has decayed away.
        for (var t = hours - 168; t <= hours; t++)
        {
            var hourUtc = env.StartUtc.AddHours(t);
            for (var i = 0; i < n; i++)
            {
                var expected = simulatorStates[t][i];
                var configuration = new AdSetConfiguration(
                    Money.FromDouble(expected.CurrentBudget, env.Currency),
                    expected.Platform,
                    expected.TargetAgeGroup,
                    expected.TargetInterests,
                    expected.CreativeType,
                    expected.BidStrategy,
                    expected.Status,
                    expected.InLearningPhase);

                var actual = featurizer.StateAt(hourUtc, rows[i], configuration, AccountPrior.Default, seasonality, zone);

                Assert.Equal((expected.DayOfWeek, expected.HourOfDay), (actual.DayOfWeek, actual.HourOfDay));
                Assert.Equal(expected.CurrentBudget, actual.CurrentBudget, 0.005);
                Assert.Equal(expected.HistoricalCtr, actual.HistoricalCtr, expected.HistoricalCtr * 0.002);
                Assert.Equal(expected.HistoricalCvr, actual.HistoricalCvr, expected.HistoricalCvr * 0.002);
                Assert.Equal(expected.CompetitorActivity, actual.CompetitorActivity, 0.03);
                Assert.Equal(expected.SpendLast24Hours, actual.SpendLast24Hours, 1e-6 * Math.Max(1, expected.SpendLast24Hours));
                Assert.Equal(expected.RevenueLast24Hours, actual.RevenueLast24Hours, 1e-6 * Math.Max(1, expected.RevenueLast24Hours));
                seasonalityErrors.Add(Math.Abs(expected.Seasonality - actual.Seasonality));
            }
        }

        Assert.True(seasonality.IsLearned);
        Assert.True(seasonalityErrors.Average() < 0.08, $"mean seasonality error {seasonalityErrors.Average():0.000}");
        Assert.True(seasonalityErrors.Max() < 0.3, $"max seasonality error {seasonalityErrors.Max():0.000}");
    }
}

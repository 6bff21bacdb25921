using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Ingestion;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Stores;
using AdPilot.Runtime.Tests.Infrastructure;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Features;

/// <summary>
/// The simulator's states and the featurizer's states have the same meaning: the sandbox runs for days while the ETL
/// stores what its APIs report, then the feature store's states, built from the database alone, are compared with the
/// simulator's own view of the same hour.
/// </summary>
public sealed class FeatureStoreSandboxTests(PostgresCluster cluster)
{
    private const int BackfillDays = 55;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task StatesAsync_AfterDaysOfEtl_MatchTheSimulatorsStates(DatabaseDialect dialect)
    {
        // Enough orders for the seasonality table to be learned and the conversion rates to be measured.
        var preset = DefaultFamily.Preset();
        var scenario = preset with { Store = preset.Store with { OrganicOrdersPerHour = 12 } };
        await using var server = await SandboxServer.StartAsync(scenario, 0, Ct, serverTime: new FastTime(100));
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        await using var etl = await SandboxEtl.StartAsync(server, db, 0.6m);
        var world = server.World;

        // Eight weeks of history (the featurizer's window, long enough for the simulator's warm start to fade), as if the
        // ETL had run all along: the platform half replayed every 72 hours, then one full cycle (its first order pull is
        // a bulk backfill). Over the next day the simulator's own states are noted every 5 hours, then the next cycle
        // pulls the day.
        world.Advance(24 * BackfillDays);
        for (var at = world.StartUtc.AddHours(InsightsIngestion.ReplayHours); at < world.Clock.GetUtcNow(); at = at.AddHours(InsightsIngestion.ReplayHours))
        {
            await etl.InsightsAsync(at);
        }

        await etl.RunAsync();
        var simulated = new List<(DateTimeOffset At, IReadOnlyList<AdEnvironmentState> States)>();
        for (var step = 0; step < 5; step++)
        {
            world.Advance(5);
            simulated.Add((world.Clock.GetUtcNow(), world.CurrentStates()));
        }

        await etl.RunAsync();

        // The simulator shrinks its rates towards the default prior; so does the feature store here, so the two are
        // compared on meaning rather than on the choice of prior.
        var featureStore = new FeatureStore(
            new FeatureQueries(db.Database), new StoreDirectory(db.Database, world.Clock), new FeatureStoreOptions { UseAccountPrior = false });
        var mismatches = new List<string>();
        var competitorCompared = 0;
        var seasonalityErrors = new List<double>();
        foreach (var (at, states) in simulated)
        {
            var features = await featureStore.StatesAsync(etl.StoreId, at, Ct);
            Assert.Equal(world.AdSets.Count, features.Count);
            foreach (var adSet in world.AdSets)
            {
                var expected = states[adSet.Index];
                var actual = Assert.Single(features, f => f.AdSet == adSet.Ref).State;
                Assert.Equal((expected.DayOfWeek, expected.HourOfDay, expected.Platform), (actual.DayOfWeek, actual.HourOfDay, actual.Platform));
                Assert.Equal(expected.CurrentBudget, actual.CurrentBudget, 0.005);
                Near(adSet.Ref, at, "CTR", expected.HistoricalCtr, actual.HistoricalCtr, expected.HistoricalCtr * 0.01);
                Near(adSet.Ref, at, "CVR", expected.HistoricalCvr, actual.HistoricalCvr, expected.HistoricalCvr * 0.01);
                Near(adSet.Ref, at, "spend24", expected.SpendLast24Hours, actual.SpendLast24Hours, 0.01 * 24);
                seasonalityErrors.Add(Math.Abs(expected.Seasonality - actual.Seasonality));

                // Competitor activity reads the last delivering hour's CPM. Stored spend is rounded to the cent, so when
                // that hour spent under a dollar (a budget run out at the end of the day) its CPM is not comparable.
                var last = world.HoursBetween(world.StartUtc, at).Last(h => h.AdSetIndex == adSet.Index && h.Impressions > 0);
                if (last.Spend.Amount >= 1m)
                {
                    Near(adSet.Ref, at, "competitorActivity", expected.CompetitorActivity, actual.CompetitorActivity, 0.03);
                    competitorCompared++;
                }
            }
        }

        Assert.True(competitorCompared >= simulated.Count * world.AdSets.Count / 2, $"competitor activity compared {competitorCompared} times only");
        Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches));
        Assert.True(seasonalityErrors.Average() < 0.08, $"mean seasonality error {seasonalityErrors.Average():0.000}");
        Assert.True(seasonalityErrors.Max() < 0.3, $"max seasonality error {seasonalityErrors.Max():0.000}");

        void Near(AdSetRef adSet, DateTimeOffset at, string what, double expected, double actual, double tolerance)
        {
            if (!(Math.Abs(expected - actual) <= tolerance))
            {
                mismatches.Add($"{adSet} at {at:u} {what}: simulator {expected:G6}, feature store {actual:G6} (tolerance {tolerance:G3})");
            }
        }
    }
}

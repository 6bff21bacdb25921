using AdPilot.Core.Simulation;
using AdPilot.Runtime.Features;
using AdPilot.Runtime.Ingestion;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Features;

/// <summary>
/// The simulator's states and the featurizer's states have the same meaning: the sandbox runs for days while the ETL
/// stores what its APIs report, then the feature store's states, built from the database alone, are compared with the
/// simulator's own view of the same hour.
/// </summary>
public sealed class FeatureStoreSandboxTests(PostgresCluster cluster)
{
    private const int BackfillDays = 14;

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

        // Two weeks of history, as if the ETL had run all along: the platform half replayed every 72 hours, then one
        // full cycle (its first order pull is a bulk backfill), then a day later the next cycle pulls the changes.
        world.Advance(24 * BackfillDays);
        for (var at = world.StartUtc.AddHours(InsightsIngestion.ReplayHours); at < world.Clock.GetUtcNow(); at = at.AddHours(InsightsIngestion.ReplayHours))
        {
            await etl.InsightsAsync(at);
        }

        await etl.RunAsync();
        world.Advance(24);
        await etl.RunAsync();

        var now = world.Clock.GetUtcNow();
        var featureStore = new FeatureStore(new FeatureQueries(db.Database), new StoreDirectory(db.Database, world.Clock));
        var features = await featureStore.StatesAsync(etl.StoreId, now, Ct);
        var expected = world.CurrentStates();

        Assert.Equal(world.AdSets.Count, features.Count);
        foreach (var adSet in world.AdSets)
        {
            var simulated = expected[adSet.Index];
            var actual = Assert.Single(features, f => f.AdSet == adSet.Ref).State;
            Assert.Equal((simulated.DayOfWeek, simulated.HourOfDay, simulated.Platform), (actual.DayOfWeek, actual.HourOfDay, actual.Platform));
            Assert.Equal(simulated.CurrentBudget, actual.CurrentBudget, 0.005);
            Assert.Equal(simulated.HistoricalCtr, actual.HistoricalCtr, simulated.HistoricalCtr * 0.01);
            Assert.Equal(simulated.HistoricalCvr, actual.HistoricalCvr, simulated.HistoricalCvr * 0.03);
            Assert.Equal(simulated.CompetitorActivity, actual.CompetitorActivity, 0.05);
            Assert.Equal(simulated.Seasonality, actual.Seasonality, 0.3);
            Assert.Equal(simulated.SpendLast24Hours, actual.SpendLast24Hours, 0.01 * 24);
        }
    }
}

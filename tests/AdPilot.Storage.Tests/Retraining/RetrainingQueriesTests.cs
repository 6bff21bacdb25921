using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Retraining;
using AdPilot.Storage.Tests.Actions;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Retraining;

public sealed class RetrainingQueriesTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task CountDecisions_CountsTheRangesHours_LeavingOutTheExcludedPolicies(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var other = await new AdPilot.Storage.Stores.StoreDirectory(db.Database, clock).UpsertAsync(Builders.Store("other.myshopify.com"), ct);
        var log = new ActionLog(db.Database, clock);
        var hour = ActionLogTests.Hour;
        for (var h = -1; h <= 3; h++)
        {
            await log.RecordAsync(storeId, ActionLogTests.Decision($"p{h}", ActionStatus.Shadow) with { Hour = hour.AddHours(h) }, ct);
        }

        await log.RecordAsync(storeId, ActionLogTests.Decision("human", ActionStatus.Shadow) with { Hour = hour, PolicyName = "human" }, ct);
        await log.RecordAsync(other, ActionLogTests.Decision("o", ActionStatus.Shadow), ct);
        var queries = new RetrainingQueries(db.Database);

        var policy = await queries.CountDecisionsAsync(storeId, hour, hour.AddHours(3), ["human", "kill_switch"], ct);
        var all = await queries.CountDecisionsAsync(storeId, hour, hour.AddHours(3), [], ct);

        Assert.Equal(3, policy);
        Assert.Equal(4, all);
    }
}

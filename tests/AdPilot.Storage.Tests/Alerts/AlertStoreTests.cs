using AdPilot.Storage.Alerts;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Alerts;

public sealed class AlertStoreTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Raise_SameKeyWhileOpen_OneAlert_AndAgainAfterResolve(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var alerts = new AlertStore(db.Database, clock);
        var ct = TestContext.Current.CancellationToken;

        Assert.True(await alerts.RaiseAsync(storeId, "low_roas", AlertSeverity.Warning, "low_roas:as1", "ROAS 0.4 for 6 h", ct));
        Assert.False(await alerts.RaiseAsync(storeId, "low_roas", AlertSeverity.Warning, "low_roas:as1", "ROAS 0.3 for 7 h", ct));
        Assert.True(await alerts.RaiseAsync(storeId, "api_failure", AlertSeverity.Critical, "api:meta", "5 failures", ct));
        Assert.Equal(["api:meta", "low_roas:as1"], (await alerts.ListOpenAsync(storeId, ct)).Select(a => a.DedupeKey));
        Assert.True(await alerts.ResolveAsync(storeId, "low_roas:as1", ct));
        Assert.True(await alerts.RaiseAsync(storeId, "low_roas", AlertSeverity.Warning, "low_roas:as1", "again", ct));
    }
}

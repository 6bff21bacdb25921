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

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task ListRecent_OpenAndResolvedSince_NewestFirst_AtMostTheLimit(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var alerts = new AlertStore(db.Database, clock);
        var ct = TestContext.Current.CancellationToken;
        var start = clock.GetUtcNow();

        await alerts.RaiseAsync(storeId, "low_roas", AlertSeverity.Warning, "old", "raised and resolved before the window", ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await alerts.ResolveAsync(storeId, "old", ct);
        clock.Advance(TimeSpan.FromHours(1));
        var since = clock.GetUtcNow();
        await alerts.RaiseAsync(storeId, "spend_spike", AlertSeverity.Critical, "spike", "resolved in the window", ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await alerts.RaiseAsync(storeId, "queue_lag", AlertSeverity.Warning, "lag", "still open", ct);
        clock.Advance(TimeSpan.FromMinutes(1));
        await alerts.ResolveAsync(storeId, "spike", ct);

        var recent = await alerts.ListRecentAsync(storeId, since, 10, ct);

        Assert.Equal(["spike", "lag"], recent.Select(a => a.DedupeKey));
        Assert.Equal(since.AddMinutes(2), recent[0].ResolvedAt);
        Assert.Null(recent[1].ResolvedAt);
        Assert.Equal(["spike"], (await alerts.ListRecentAsync(storeId, since, 1, ct)).Select(a => a.DedupeKey));
        Assert.Equal(3, (await alerts.ListRecentAsync(storeId, start, 10, ct)).Count);
        Assert.Empty(await alerts.ListRecentAsync(storeId + 1, start, 10, ct));
    }
}

using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Stores;

public sealed class StoreDirectoryTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Upsert_SameDomain_SameIdAndNewSettings(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var stores = new StoreDirectory(db.Database, Builders.Clock());
        var ct = TestContext.Current.CancellationToken;

        var id = await stores.UpsertAsync(Builders.Store(), ct);
        var again = await stores.UpsertAsync(Builders.Store() with { GrossMargin = 0.55m, TimeZone = "Europe/Paris" }, ct);
        var other = await stores.UpsertAsync(Builders.Store("other.myshopify.com"), ct);

        Assert.Equal(id, again);
        Assert.NotEqual(id, other);
        Assert.Equal(Builders.Store() with { GrossMargin = 0.55m, TimeZone = "Europe/Paris" }, (await stores.FindAsync("example.myshopify.com", ct))!.Profile);
        Assert.Equal(id, (await stores.GetAsync(id, ct))!.Id);
        Assert.Null(await stores.FindAsync("nope.myshopify.com", ct));
    }

    [Theory]
    [InlineData("Mars/Olympus")]
    [InlineData("usd")]
    public async Task Upsert_BadSettings_Refused(string bad)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var stores = new StoreDirectory(db.Database, Builders.Clock());
        var profile = bad.Contains('/', StringComparison.Ordinal) ? Builders.Store() with { TimeZone = bad } : Builders.Store() with { Currency = bad };

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => stores.UpsertAsync(profile, TestContext.Current.CancellationToken));

        Assert.Contains(bad, ex.Message, StringComparison.Ordinal);
    }
}

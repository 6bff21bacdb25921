using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Onboarding;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Onboarding;

public sealed class PlatformConnectionStoreTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task SaveAsync_Twice_KeepsOneConnectionAndOneAccount_WithCurrencyZoneAndCampaignOwners(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new PlatformConnectionStore(db.Database, clock);
        var ct = TestContext.Current.CancellationToken;
        var now = clock.GetUtcNow();
        var expires = now.AddDays(60);
        var connection = new PlatformConnection(storeId, "meta", "1234", "http://127.0.0.1:5000/meta/", ["ads_read", "ads_management"], expires, now, null);
        var account = new ConnectedAccount(Platform.Instagram, "100000000000001", "Main", "EUR", "Europe/Berlin", ["18001"], now);

        await store.SaveAsync(connection, [account], ct);
        clock.Advance(TimeSpan.FromHours(1));
        await store.SaveAsync(connection, [account], ct);

        var saved = Assert.Single(await store.ListAsync(storeId, ct));
        Assert.Equal(("meta", "1234", "http://127.0.0.1:5000/meta/"), (saved.Platform, saved.AppId, saved.BaseUrl));
        Assert.Equal(["ads_read", "ads_management"], saved.GrantedScopes);
        Assert.Equal(expires, saved.TokenExpiresAt);
        Assert.Null(saved.RefreshedAt);
        var stored = Assert.Single(await store.ListAccountsAsync(storeId, ct));
        Assert.Equal(
            (account.Platform, account.ExternalId, account.Name, account.Currency, account.TimeZone, account.ConnectedAt),
            (stored.Platform, stored.ExternalId, stored.Name, stored.Currency, stored.TimeZone, stored.ConnectedAt));
        Assert.Equal(["18001"], stored.BudgetOwningCampaigns);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RecordRefreshAsync_UpdatesExpiryAndRefreshTime_OnlyForAConnectedPlatform(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new PlatformConnectionStore(db.Database, clock);
        var ct = TestContext.Current.CancellationToken;
        await store.SaveAsync(new PlatformConnection(storeId, "meta", "1", null, [], clock.GetUtcNow().AddDays(5), clock.GetUtcNow(), null), [], ct);
        clock.Advance(TimeSpan.FromDays(1));
        var later = clock.GetUtcNow().AddDays(60);

        Assert.True(await store.RecordRefreshAsync(storeId, "meta", later, ct));
        Assert.False(await store.RecordRefreshAsync(storeId, "tiktok", later, ct));

        var meta = await store.GetAsync(storeId, "meta", ct);
        Assert.Equal((later, clock.GetUtcNow()), (meta!.TokenExpiresAt, meta.RefreshedAt));
        Assert.Empty(await store.ListAccountsAsync(storeId, ct));
    }
}

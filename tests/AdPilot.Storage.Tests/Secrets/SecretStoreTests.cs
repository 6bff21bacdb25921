using System.Data.Common;
using System.Text;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;
using Microsoft.Data.Sqlite;

namespace AdPilot.Storage.Tests.Secrets;

public sealed class SecretStoreTests(PostgresCluster cluster)
{
    private const string Token = "shpat_0123456789abcdef-plaintext-marker";

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Set_ThenGet_RoundTrips_CountsVersions_AndListShowsNoValue(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var secrets = new SecretStore(db.Database, clock);
        var key = Key();
        var ct = TestContext.Current.CancellationToken;

        Assert.Equal(1, await secrets.SetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", Token, key, ct));
        var created = clock.GetUtcNow();
        clock.Advance(TimeSpan.FromHours(2));
        Assert.Equal(2, await secrets.SetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", Token + "-2", key, ct));
        Assert.Equal(1, await secrets.SetAsync(storeId, "META_LONG_LIVED_TOKEN", "EAAB-token", key, ct));

        Assert.Equal(Token + "-2", await secrets.GetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", key, ct));
        Assert.Null(await secrets.GetAsync(storeId, "TIKTOK_ACCESS_TOKEN", key, ct));
        Assert.Equal("EAAB-token", (await secrets.ReadAllAsync(storeId, key, ct))["META_LONG_LIVED_TOKEN"]);
        var list = await secrets.ListAsync(storeId, ct);
        Assert.Equal(["META_LONG_LIVED_TOKEN", "SHOPIFY_ADMIN_TOKEN"], list.Select(s => s.Name));
        var shopify = list[1];
        Assert.Equal((2, key.Id, created, created.AddHours(2)), (shopify.Version, shopify.KeyId, shopify.CreatedAt, shopify.UpdatedAt));
        Assert.DoesNotContain(Token, list.ToString() + string.Join(",", list), StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => secrets.SetAsync(storeId, "DB_URL", "x", key, ct).GetAwaiter().GetResult());
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task StoredRows_HoldNoPlaintext_AndAFreshNoncePerWrite(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var secrets = new SecretStore(db.Database, clock);
        var key = Key();
        var ct = TestContext.Current.CancellationToken;

        await secrets.SetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", Token, key, ct);
        var first = await RawAsync(db, "SHOPIFY_ADMIN_TOKEN");
        await secrets.SetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", Token, key, ct);
        var second = await RawAsync(db, "SHOPIFY_ADMIN_TOKEN");

        Assert.NotEqual(first.Nonce, second.Nonce);
        Assert.NotEqual(first.Ciphertext, second.Ciphertext);
        var marker = Encoding.UTF8.GetBytes(Token);
        Assert.Equal(-1, first.Ciphertext.AsSpan().IndexOf(marker));
        await using var connection = await db.Database.OpenConnectionAsync(ct);
        var text = string.Join("\n", await connection.QueryAsync<string>(
            dialect == DatabaseDialect.PostgreSql
                ? "SELECT s::text FROM secrets s"
                : "SELECT store_id || name || hex(ciphertext) || hex(nonce) || key_id || created_at || updated_at || version FROM secrets"));
        Assert.DoesNotContain(Token, text, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToHexString(marker), text, StringComparison.OrdinalIgnoreCase);
        if (dialect == DatabaseDialect.Sqlite)
        {
            await connection.DisposeAsync();
            SqliteConnection.ClearAllPools();
            foreach (var file in Directory.GetFiles(Path.GetDirectoryName(db.Target.SqlitePath)!))
            {
                Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(marker));
            }
        }
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Get_TamperedCiphertext_OrWrongKey_ClearError_NoValue(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var secrets = new SecretStore(db.Database, clock);
        var key = Key();
        var ct = TestContext.Current.CancellationToken;
        await secrets.SetAsync(storeId, "META_APP_SECRET", Token, key, ct);

        var wrong = await Assert.ThrowsAsync<SecretException>(() => secrets.GetAsync(storeId, "META_APP_SECRET", Key(), ct));
        Assert.Contains($"encrypted with key {key.Id}", wrong.Message, StringComparison.Ordinal);

        var raw = await RawAsync(db, "META_APP_SECRET");
        raw.Ciphertext[0] ^= 0x01;
        await using (var connection = await db.Database.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync("UPDATE secrets SET ciphertext = @c WHERE name = 'META_APP_SECRET'", new { c = raw.Ciphertext });
        }

        var tampered = await Assert.ThrowsAsync<SecretException>(() => secrets.GetAsync(storeId, "META_APP_SECRET", key, ct));
        Assert.Contains("integrity check", tampered.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(Token, wrong.Message + tampered.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task SwappedRows_AreRefused_TheNameIsBoundToItsCiphertext(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var secrets = new SecretStore(db.Database, clock);
        var key = Key();
        var ct = TestContext.Current.CancellationToken;
        await secrets.SetAsync(storeId, "TIKTOK_SECRET", "app-secret", key, ct);
        await secrets.SetAsync(storeId, "TIKTOK_ACCESS_TOKEN", "access-token", key, ct);
        var a = await RawAsync(db, "TIKTOK_SECRET");
        var b = await RawAsync(db, "TIKTOK_ACCESS_TOKEN");

        await using (var connection = await db.Database.OpenConnectionAsync(ct))
        {
            const string sql = "UPDATE secrets SET ciphertext = @Ciphertext, nonce = @Nonce WHERE name = @name";
            await connection.ExecuteAsync(sql, new { b.Ciphertext, b.Nonce, name = "TIKTOK_SECRET" });
            await connection.ExecuteAsync(sql, new { a.Ciphertext, a.Nonce, name = "TIKTOK_ACCESS_TOKEN" });
        }

        await Assert.ThrowsAsync<SecretException>(() => secrets.GetAsync(storeId, "TIKTOK_SECRET", key, ct));
        await Assert.ThrowsAsync<SecretException>(() => secrets.GetAsync(storeId, "TIKTOK_ACCESS_TOKEN", key, ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Rotate_ReEncryptsEveryRow_ThenTheOldKeyFails_AndAgainChangesNothing(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var other = await new AdPilot.Storage.Stores.StoreDirectory(db.Database, clock).UpsertAsync(Builders.Store("other.myshopify.com"), TestContext.Current.CancellationToken);
        var secrets = new SecretStore(db.Database, clock);
        var (oldKey, newKey) = (Key(), Key());
        var ct = TestContext.Current.CancellationToken;
        await secrets.SetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", Token, oldKey, ct);
        await secrets.SetAsync(storeId, "META_LONG_LIVED_TOKEN", "meta", oldKey, ct);
        await secrets.SetAsync(other, "SHOPIFY_ADMIN_TOKEN", "other-shop", oldKey, ct);
        var before = await secrets.ListAsync(storeId, ct);

        Assert.Equal(3, await secrets.RotateAsync(oldKey, newKey, ct));

        Assert.Equal(Token, await secrets.GetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", newKey, ct));
        Assert.Equal("other-shop", await secrets.GetAsync(other, "SHOPIFY_ADMIN_TOKEN", newKey, ct));
        await Assert.ThrowsAsync<SecretException>(() => secrets.GetAsync(storeId, "META_LONG_LIVED_TOKEN", oldKey, ct));
        var after = await secrets.ListAsync(storeId, ct);
        Assert.All(after, s => Assert.Equal(newKey.Id, s.KeyId));
        Assert.Equal(before.Select(s => (s.Name, s.Version, s.UpdatedAt)), after.Select(s => (s.Name, s.Version, s.UpdatedAt)));
        Assert.Equal(0, await secrets.RotateAsync(oldKey, newKey, ct));
        Assert.Throws<ArgumentException>(() => secrets.RotateAsync(newKey, newKey, ct).GetAwaiter().GetResult());
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Rotate_ARowTheOldKeyCannotRead_ChangesNothing(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var secrets = new SecretStore(db.Database, clock);
        var (oldKey, newKey) = (Key(), Key());
        var ct = TestContext.Current.CancellationToken;
        await secrets.SetAsync(storeId, "META_APP_SECRET", "a", oldKey, ct);
        await secrets.SetAsync(storeId, "TIKTOK_SECRET", "b", oldKey, ct);
        await using (var connection = await db.Database.OpenConnectionAsync(ct))
        {
            await connection.ExecuteAsync("UPDATE secrets SET key_id = 'feedfeedfeed' WHERE name = 'TIKTOK_SECRET'");
        }

        await Assert.ThrowsAsync<SecretException>(() => secrets.RotateAsync(oldKey, newKey, ct));

        Assert.Equal("a", await secrets.GetAsync(storeId, "META_APP_SECRET", oldKey, ct));
        Assert.All(await secrets.ListAsync(storeId, ct), s => Assert.NotEqual(newKey.Id, s.KeyId));
        var mixed = await Assert.ThrowsAsync<SecretException>(() => secrets.SetAsync(storeId, "TIKTOK_ACCESS_TOKEN", "c", oldKey, ct));
        Assert.Contains("feedfeedfeed", mixed.Message, StringComparison.Ordinal);
    }

    private static SecretKey Key() => SecretKey.FromBase64(SecretKey.Generate(), "test");

    private static async Task<RawSecret> RawAsync(TestDatabase db, string name)
    {
        await using DbConnection connection = await db.Database.OpenConnectionAsync(TestContext.Current.CancellationToken);
        return await connection.QuerySingleAsync<RawSecret>("SELECT ciphertext, nonce FROM secrets WHERE name = @name", new { name });
    }

    private sealed class RawSecret
    {
        public byte[] Ciphertext { get; set; } = [];

        public byte[] Nonce { get; set; } = [];
    }
}

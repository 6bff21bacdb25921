using System.Collections;
using AdPilot.Runtime.Configuration;
using AdPilot.Runtime.Secrets;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Runtime.Tests.Secrets;

public sealed class StoredSecretsEnvironmentTests
{
    [Fact]
    public async Task WithAKey_StoredSecretsBecomeConfiguration_UnderTheEnvironment()
    {
        var ct = TestContext.Current.CancellationToken;
        var folder = Directory.CreateTempSubdirectory("adpilot-stored-secrets-").FullName;
        try
        {
            await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Sqlite(Path.Combine(folder, "data", "adpilot.db")), ct);
            var storeId = await new StoreDirectory(database, TimeProvider.System).UpsertAsync(
                new StoreProfile { ShopDomain = "shop.myshopify.com", Currency = "USD", TimeZone = "UTC", GrossMargin = 0.6m, DataSince = DateTimeOffset.UnixEpoch }, ct);
            var keyText = SecretKey.Generate();
            var secrets = new SecretStore(database, TimeProvider.System);
            var key = SecretKey.FromBase64(keyText, "test");
            await secrets.SetAsync(storeId, "META_LONG_LIVED_TOKEN", "stored-meta", key, ct);
            await secrets.SetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", "stored-shopify", key, ct);
            await secrets.SetAsync(storeId, "TIKTOK_ACCESS_TOKEN", "stored-tiktok", key, ct);
            var environment = new Hashtable
            {
                [SecretKey.KeyVariable] = keyText,
                ["Shopify__AdminToken"] = "from-the-environment",
                ["TIKTOK_ACCESS_TOKEN"] = "tiktok-from-the-environment",
            };

            var merged = await StoredSecretsEnvironment.WithStoredSecretsAsync(environment, database, null, TimeProvider.System, ct);
            var configuration = AdPilotConfiguration.Build(merged, envFile: null, settingsFile: null);

            Assert.Equal("stored-meta", configuration["Meta:AccessToken"]);
            Assert.Equal("from-the-environment", configuration["Shopify:AdminToken"]);
            Assert.Equal("tiktok-from-the-environment", configuration["TikTok:AccessToken"]);
            Assert.False(environment.ContainsKey("META_LONG_LIVED_TOKEN"));

            var noKey = new Hashtable { ["DB_URL"] = "x" };
            Assert.Same(noKey, await StoredSecretsEnvironment.WithStoredSecretsAsync(noKey, database, null, TimeProvider.System, ct));
            var otherStore = await StoredSecretsEnvironment.WithStoredSecretsAsync(environment, database, "other.myshopify.com", TimeProvider.System, ct);
            Assert.Same(environment, otherStore);
            var wrongKey = new Hashtable { [SecretKey.KeyVariable] = SecretKey.Generate() };
            await Assert.ThrowsAsync<SecretException>(() => StoredSecretsEnvironment.WithStoredSecretsAsync(wrongKey, database, null, TimeProvider.System, ct));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            Directory.Delete(folder, recursive: true);
        }
    }
}

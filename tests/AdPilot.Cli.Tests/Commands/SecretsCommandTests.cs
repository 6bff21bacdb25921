using System.Collections;
using System.Text;
using System.Text.Json;
using AdPilot.Cli.Commands;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

public sealed class SecretsCommandTests : IAsyncLifetime
{
    private const string Token = "shpat_cli-plaintext-marker-42";

    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-cli-secrets-").FullName;
    private readonly string _key = SecretKey.Generate();

    private string Db => $"sqlite:{Path.Combine(_folder, "data", "adpilot.db")}";

    public async ValueTask InitializeAsync()
    {
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), TestContext.Current.CancellationToken);
        await new StoreDirectory(database, TimeProvider.System).UpsertAsync(
            new StoreProfile { ShopDomain = "shop.myshopify.com", Currency = "USD", TimeZone = "UTC", GrossMargin = 0.6m, DataSince = DateTimeOffset.UnixEpoch },
            TestContext.Current.CancellationToken);
    }

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Set_FromStdin_ThenList_ShowsNamesAndVersions_NeverTheValue_AndTheFileHoldsNoPlaintext()
    {
        var env = Environment(_key);

        var first = await RunAsync(env, Token + "\n", "secrets", "set", "SHOPIFY_ADMIN_TOKEN", "--db", Db);
        var second = await RunAsync(env, Token + "-v2\n", "secrets", "set", "SHOPIFY_ADMIN_TOKEN", "--value-stdin", "--db", Db);
        var text = await RunAsync(env, null, "secrets", "list", "--db", Db);
        var json = await RunAsync(env, null, "secrets", "list", "--json", "--db", Db);

        Assert.Equal((0, string.Empty), (first.ExitCode, first.Stderr));
        Assert.Contains("version 2", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("SHOPIFY_ADMIN_TOKEN", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("v2", text.Stdout, StringComparison.Ordinal);
        using var report = JsonDocument.Parse(json.Stdout);
        var row = Assert.Single(report.RootElement.GetProperty("secrets").EnumerateArray());
        var key = SecretKey.FromBase64(_key, "test");
        Assert.Equal(key.Id, report.RootElement.GetProperty("currentKeyId").GetString());
        Assert.Equal(("SHOPIFY_ADMIN_TOKEN", 2, key.Id), (row.GetProperty("name").GetString(), row.GetProperty("version").GetInt32(), row.GetProperty("keyId").GetString()));
        var everything = first.Stdout + first.Stderr + second.Stdout + text.Stdout + json.Stdout;
        Assert.DoesNotContain(Token, everything, StringComparison.Ordinal);
        Assert.DoesNotContain(_key, everything, StringComparison.Ordinal);

        await using (var database = new StorageDatabase(DatabaseTarget.Parse(Db)))
        {
            var storeId = (await new StoreDirectory(database, TimeProvider.System).ListAsync(TestContext.Current.CancellationToken))[0].Id;
            Assert.Equal(Token + "-v2", await new SecretStore(database, TimeProvider.System).GetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", key, TestContext.Current.CancellationToken));
        }

        SqliteConnection.ClearAllPools();
        var marker = Encoding.UTF8.GetBytes(Token);
        foreach (var file in Directory.GetFiles(Path.Combine(_folder, "data")))
        {
            Assert.Equal(-1, File.ReadAllBytes(file).AsSpan().IndexOf(marker));
        }
    }

    [Theory]
    [InlineData("secrets", "set", "DB_URL")]
    [InlineData("secrets", "set", "SHOPIFY_ADMIN_TOKEN", "the-value-as-an-argument")]
    [InlineData("secrets", "rotate")]
    [InlineData("secrets", "rotate", "--new-key-file", "a", "--new-key-env", "B")]
    [InlineData("secrets", "rotate", "--new-key-env", "UNSET_VARIABLE")]
    [InlineData("secrets", "list", "--bogus")]
    public async Task BadArguments_ExitTwo_OneLineOnStderr(params string[] args)
    {
        var result = await RunAsync(Environment(_key), "value\n", [.. args, "--db", Db]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("adpilot: ", result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("the-value-as-an-argument", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_EmptyStdin_ExitTwo()
    {
        var result = await RunAsync(Environment(_key), string.Empty, "secrets", "set", "META_APP_SECRET", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("no value for META_APP_SECRET", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Set_NoKey_OrShortKey_OrKeyFileBesideTheDatabase_ExitOne_WithoutTheKey()
    {
        var inside = Path.Combine(_folder, "data", "secret.key");
        await File.WriteAllTextAsync(inside, _key, TestContext.Current.CancellationToken);

        var none = await RunAsync(new Hashtable(), Token, "secrets", "set", "META_APP_SECRET", "--db", Db);
        var shortKey = await RunAsync(Environment("c2hvcnQ="), Token, "secrets", "set", "META_APP_SECRET", "--db", Db);
        var beside = await RunAsync(new Hashtable { [SecretKey.KeyFileVariable] = inside }, Token, "secrets", "set", "META_APP_SECRET", "--db", Db);

        Assert.Equal((1, 1, 1), (none.ExitCode, shortKey.ExitCode, beside.ExitCode));
        Assert.Contains(SecretKey.KeyVariable, none.Stderr, StringComparison.Ordinal);
        Assert.Contains("exactly 32 bytes", shortKey.Stderr, StringComparison.Ordinal);
        Assert.Contains("inside the data directory", beside.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(_key, none.Stderr + shortKey.Stderr + beside.Stderr, StringComparison.Ordinal);
        Assert.Contains("0 secret(s)", (await RunAsync(Environment(_key), null, "secrets", "list", "--db", Db)).Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rotate_ToAKeyFile_ThenTheNewKeyReads_AndTheOldKeyFails()
    {
        var newKey = SecretKey.Generate();
        var keyFile = Path.Combine(_folder, "new.key");
        await File.WriteAllTextAsync(keyFile, newKey, TestContext.Current.CancellationToken);
        await RunAsync(Environment(_key), "meta-token", "secrets", "set", "META_LONG_LIVED_TOKEN", "--db", Db);
        await RunAsync(Environment(_key), "tiktok-token", "secrets", "set", "TIKTOK_ACCESS_TOKEN", "--db", Db);

        var rotated = await RunAsync(Environment(_key), null, "secrets", "rotate", "--new-key-file", keyFile, "--db", Db);
        var oldKeySet = await RunAsync(Environment(_key), "again", "secrets", "set", "TIKTOK_SECRET", "--db", Db);
        var listed = await RunAsync(new Hashtable { [SecretKey.KeyFileVariable] = keyFile }, null, "secrets", "list", "--db", Db);
        var sameAgain = await RunAsync(new Hashtable { [SecretKey.KeyVariable] = newKey, ["NEXT"] = newKey }, null, "secrets", "rotate", "--new-key-env", "NEXT", "--db", Db);

        Assert.Equal((0, string.Empty), (rotated.ExitCode, rotated.Stderr));
        Assert.Contains("Re-encrypted 2 secret(s)", rotated.Stdout, StringComparison.Ordinal);
        var newId = SecretKey.FromBase64(newKey, "test").Id;
        Assert.Contains($"to key {newId}", rotated.Stdout, StringComparison.Ordinal);
        Assert.Contains($"(current key {newId})", listed.Stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("another key", listed.Stdout, StringComparison.Ordinal);
        Assert.Equal(2, sameAgain.ExitCode);
        Assert.Equal(1, oldKeySet.ExitCode);
        Assert.Contains("rotate to this one first", oldKeySet.Stderr, StringComparison.Ordinal);

        var third = new Hashtable { [SecretKey.KeyVariable] = _key, ["THIRD"] = SecretKey.Generate() };
        var oldReads = await RunAsync(third, null, "secrets", "rotate", "--new-key-env", "THIRD", "--db", Db);
        Assert.Equal(1, oldReads.ExitCode);
        Assert.Contains("not the configured key", oldReads.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("meta-token", oldReads.Stderr + oldReads.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAndServe_WithAKeyThatCannotReadTheStoredSecrets_ExitOne_BeforeStarting()
    {
        await RunAsync(Environment(_key), "meta-token", "secrets", "set", "META_LONG_LIVED_TOKEN", "--db", Db);

        var run = await RunAsync(Environment(SecretKey.Generate()), null, "run", "--mode", "shadow", "--once", "--db", Db);
        var serveEnvironment = Environment(SecretKey.Generate());
        serveEnvironment["WEB__ADMINTOKEN"] = "an-admin-token-long-enough-for-the-dashboard-0123456789";
        var serve = await RunAsync(serveEnvironment, null, "serve", "--url", "http://127.0.0.1:0", "--db", Db);

        Assert.Equal((1, 1), (run.ExitCode, serve.ExitCode));
        Assert.StartsWith("adpilot: stored secrets: ", run.Stderr, StringComparison.Ordinal);
        Assert.StartsWith("adpilot: stored secrets: ", serve.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("meta-token", run.Stderr + run.Stdout + serve.Stderr + serve.Stdout, StringComparison.Ordinal);
    }

    private static Hashtable Environment(string key) => new() { [SecretKey.KeyVariable] = key };

    private static async Task<CliResult> RunAsync(IDictionary environment, string? stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        SecretsCommand.Input.Value = new StringReader(stdin ?? string.Empty);
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, environment: environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

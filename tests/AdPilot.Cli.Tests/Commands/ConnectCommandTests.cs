using System.Collections;
using System.Text;
using System.Text.Json;
using AdPilot.Cli.Commands;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Access;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Onboarding;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

public sealed class ConnectCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-connect-").FullName;
    private readonly string _key = SecretKey.Generate();
    private TimeProvider? _clock;

    private string DbPath => Path.Combine(_folder, "data", "adpilot.db");

    private string Db => $"sqlite:{DbPath}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task ConnectShopify_TokenFromStdin_StoresStoreTokenAndWebhooks_AndRunningAgainChangesNothing()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var env = Environment(server, publicUrl: "https://adpilot.example.com");

        var first = await RunAsync(env, server.Credentials.ShopifyAdminToken + "\n", ShopifyArgs(server));
        var second = await RunAsync(env, server.Credentials.ShopifyAdminToken + "\n", ShopifyArgs(server));

        Assert.True(first.ExitCode == 0, first.Stdout + first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stdout + second.Stderr);
        using var one = JsonDocument.Parse(first.Stdout);
        using var two = JsonDocument.Parse(second.Stdout);
        Assert.True(one.RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal(server.World.Currency, one.RootElement.GetProperty("storeCurrency").GetString());
        Assert.Equal(server.World.Scenario.Store.TimeZone, one.RootElement.GetProperty("storeTimeZone").GetString());
        Assert.Contains("read_orders", one.RootElement.GetProperty("grantedScopes").EnumerateArray().Select(e => e.GetString()));
        Assert.All(one.RootElement.GetProperty("webhooks").EnumerateArray(), w => Assert.True(w.GetProperty("created").GetBoolean()));
        Assert.Equal(3, two.RootElement.GetProperty("webhooks").GetArrayLength());
        Assert.All(two.RootElement.GetProperty("webhooks").EnumerateArray(), w => Assert.False(w.GetProperty("created").GetBoolean()));

        await using var database = new StorageDatabase(DatabaseTarget.Parse(Db));
        var store = Assert.Single(await new StoreDirectory(database, TimeProvider.System).ListAsync(Ct));
        Assert.Equal((server.ShopDomain, server.World.Currency), (store.Profile.ShopDomain, store.Profile.Currency));
        var secret = Assert.Single(await new SecretStore(database, TimeProvider.System).ListAsync(store.Id, Ct));
        Assert.Equal(("SHOPIFY_ADMIN_TOKEN", 1), (secret.Name, secret.Version));
        Assert.Equal(server.Credentials.ShopifyAdminToken, await new SecretStore(database, TimeProvider.System).GetAsync(store.Id, "SHOPIFY_ADMIN_TOKEN", SecretKey.FromBase64(_key, "test"), Ct));
        AssertNoPlaintext([server.Credentials.ShopifyAdminToken], first, second);
    }

    [Fact]
    public async Task ConnectShopify_TokenWithoutReadOrders_ProblemNamingTheScope_NothingSaved()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, access: new SandboxAccess { ShopifyScopes = [] });

        var result = await RunAsync(Environment(server), server.Credentials.ShopifyAdminToken, ShopifyArgs(server));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal(["read_orders"], json.RootElement.GetProperty("missingScopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains("read_orders", json.RootElement.GetProperty("findings")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
        await using var database = new StorageDatabase(DatabaseTarget.Parse(Db));
        Assert.Empty(await new StoreDirectory(database, TimeProvider.System).ListAsync(Ct));
    }

    [Fact]
    public async Task ConnectShopify_NoTokenAndNoTerminal_OneLineErrorExitTwo()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);

        var result = await RunAsync(Environment(server), "", "connect", "shopify", "--store", server.ShopDomain, "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Trim().Split('\n'));
        Assert.Contains("--token-stdin", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectMeta_ShortLivedTokenExchanged_AccountRecordedWithCurrencyAndZone_NoSecretInOutputOrDatabase()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var env = await ConnectedShopAsync(server);

        var result = await RunAsync(env, MetaStdin(server), MetaArgs(server, "--account", server.Meta.AccountId));
        var again = await RunAsync(env, MetaStdin(server), MetaArgs(server, "--account", server.Meta.AccountId));

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        Assert.True(again.ExitCode == 0, again.Stdout + again.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var account = Assert.Single(json.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.Equal(server.Meta.AccountId, account.GetProperty("id").GetString());
        Assert.Equal(server.World.Currency, account.GetProperty("currency").GetString());
        Assert.Equal(server.World.TimeZone.Id, account.GetProperty("timeZone").GetString());
        Assert.Equal(0, account.GetProperty("budgetOwningCampaigns").GetArrayLength());
        var expires = json.RootElement.GetProperty("tokenExpiresAt").GetDateTimeOffset();
        Assert.InRange(expires - TimeProvider.System.GetUtcNow(), TimeSpan.FromDays(59), TimeSpan.FromDays(61));
        Assert.Equal(
            ["ads_management", "ads_read", "business_management", "public_profile"],
            json.RootElement.GetProperty("grantedScopes").EnumerateArray().Select(e => e.GetString()).Order(StringComparer.Ordinal));

        await using var database = new StorageDatabase(DatabaseTarget.Parse(Db));
        var store = Assert.Single(await new StoreDirectory(database, TimeProvider.System).ListAsync(Ct));
        var secrets = new SecretStore(database, TimeProvider.System);
        var longLived = await secrets.GetAsync(store.Id, "META_LONG_LIVED_TOKEN", SecretKey.FromBase64(_key, "test"), Ct);
        Assert.NotNull(longLived);
        Assert.NotEqual(server.Credentials.MetaShortLivedToken, longLived);
        var connected = Assert.Single(await new PlatformConnectionStore(database, TimeProvider.System).ListAccountsAsync(store.Id, Ct));
        Assert.Equal((server.Meta.AccountDigits, server.World.Currency, server.World.TimeZone.Id), (connected.ExternalId, connected.Currency, connected.TimeZone));
        var meta = await new PlatformConnectionStore(database, TimeProvider.System).GetAsync(store.Id, "meta", Ct);
        Assert.Equal(server.Credentials.MetaAppId, meta!.AppId);
        Assert.NotNull(meta.TokenExpiresAt);
        AssertNoPlaintext([server.Credentials.MetaShortLivedToken, server.Credentials.MetaAppSecret, longLived!], result, again);
    }

    [Fact]
    public async Task ConnectMeta_ExpiredShortLivedToken_RefusedWithTheFix_NothingSaved()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var env = await ConnectedShopAsync(server);
        server.Access = server.Access with { MetaShortLivedTokenExpired = true };

        var result = await RunAsync(env, MetaStdin(server), MetaArgs(server));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("saved").GetBoolean());
        var finding = json.RootElement.GetProperty("findings")[0];
        Assert.Contains("refused", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("expired", finding.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Contains("fresh short-lived user token", finding.GetProperty("fix").GetString(), StringComparison.Ordinal);
        await AssertNoSecretAsync("META_LONG_LIVED_TOKEN");
    }

    [Fact]
    public async Task ConnectMeta_WrongAppSecret_RefusedNamingTheApp()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var env = await ConnectedShopAsync(server);

        var result = await RunAsync(env, "not-the-secret\n" + server.Credentials.MetaShortLivedToken + "\n", MetaArgs(server));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("app id or app secret", result.Stdout, StringComparison.Ordinal);
        await AssertNoSecretAsync("META_APP_SECRET");
    }

    [Fact]
    public async Task ConnectMeta_MissingAdsManagement_ProblemNamingThePermission_NothingSaved()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, access: new SandboxAccess { MetaPermissions = ["ads_read", "business_management"] });
        var env = await ConnectedShopAsync(server);

        var result = await RunAsync(env, MetaStdin(server), MetaArgs(server));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal(["ads_management"], json.RootElement.GetProperty("missingScopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f => f.GetProperty("message").GetString()!.Contains("ads_management", StringComparison.Ordinal));
        await AssertNoSecretAsync("META_LONG_LIVED_TOKEN");
    }

    [Fact]
    public async Task ConnectMeta_AccountTheTokenCannotSee_ClearErrorListingWhatItSees()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var env = await ConnectedShopAsync(server);

        var result = await RunAsync(env, MetaStdin(server), MetaArgs(server, "--account", "act_999999"));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var message = json.RootElement.GetProperty("findings")[0].GetProperty("message").GetString()!;
        Assert.Contains("cannot see ad account act_999999", message, StringComparison.Ordinal);
        Assert.Contains(server.Meta.AccountId, message, StringComparison.Ordinal);
        await AssertNoSecretAsync("META_LONG_LIVED_TOKEN");
    }

    [Fact]
    public async Task ConnectMeta_CurrencyMismatchAndCampaignBudgets_SavedButReportedAsProblemAndCampaignLevel()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, access: new SandboxAccess { AdAccountCurrency = "EUR", CampaignBudgetOptimisation = true });
        var env = await ConnectedShopAsync(server);

        var result = await RunAsync(env, MetaStdin(server), MetaArgs(server));
        var text = await RunAsync(env, MetaStdin(server), [.. MetaArgs(server).Where(a => a != "--json")]);

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("saved").GetBoolean());
        var account = Assert.Single(json.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.False(account.GetProperty("currencyMatchesStore").GetBoolean());
        Assert.Equal(server.Meta.CampaignId, Assert.Single(account.GetProperty("budgetOwningCampaigns").EnumerateArray()).GetString());
        Assert.Contains(json.RootElement.GetProperty("findings").EnumerateArray(), f =>
            f.GetProperty("severity").GetString() == "problem" && f.GetProperty("message").GetString()!.Contains($"currency mismatch: meta {server.Meta.AccountId} reports money in EUR, the store sells in {server.World.Currency}", StringComparison.Ordinal));
        Assert.Contains("campaign level: " + server.Meta.CampaignId, text.Stdout, StringComparison.Ordinal);
        Assert.Contains("currency mismatch", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectMeta_SeveralAccountsNoFlagNoTerminal_ExitTwoListingThem()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, accountsPerPlatform: 2);
        var env = await ConnectedShopAsync(server);

        var result = await RunAsync(env, MetaStdin(server), MetaArgs(server));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(server.Meta.AccountIds[1], result.Stderr, StringComparison.Ordinal);
        Assert.Contains("--account", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectMeta_OnATerminal_AsksForEachValueAndPicksByNumber()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, accountsPerPlatform: 2);
        var env = await ConnectedShopAsync(server);
        env.Remove("META_APP_ID");
        var answers = string.Join('\n', server.Credentials.MetaAppId, server.Credentials.MetaAppSecret, server.Credentials.MetaShortLivedToken, "2") + "\n";

        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ConnectCommand.Input.Value = null;
        ConnectCommand.Terminal.Value = ConnectTerminal.Scripted(new StringReader(answers));
        int exit;
        try
        {
            exit = await CliApp.RunAsync(["connect", "meta", "--base-url", server.MetaBaseUrl.ToString(), "--db", Db, "--json"], stdout, stderr, Ct, environment: env);
        }
        finally
        {
            ConnectCommand.Terminal.Value = null;
        }

        Assert.True(exit == 0, stdout.ToString() + stderr);
        using var json = JsonDocument.Parse(stdout.ToString());
        Assert.Equal(server.Meta.AccountIds[1], Assert.Single(json.RootElement.GetProperty("accounts").EnumerateArray()).GetProperty("id").GetString());
        Assert.Contains("2. " + server.Meta.AccountIds[1], stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("(not shown)", stderr.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Credentials.MetaShortLivedToken, stdout.ToString() + stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectTikTok_AuthCodeExchanged_AdvertiserRecorded_AndBadCodeRefused()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var env = await ConnectedShopAsync(server);

        var bad = await RunAsync(env, server.Credentials.TikTokAppSecret + "\n", TikTokArgs(server, "not-a-code"));
        var good = await RunAsync(env, server.Credentials.TikTokAppSecret + "\n", TikTokArgs(server, server.Credentials.TikTokAuthCode, "--advertiser", server.TikTokAdvertiserIds[0]));
        var unknown = await RunAsync(env, server.Credentials.TikTokAppSecret + "\n", TikTokArgs(server, server.Credentials.TikTokAuthCode, "--advertiser", "7999"));

        Assert.Equal(1, bad.ExitCode);
        Assert.Contains("auth_code is invalid", bad.Stdout, StringComparison.Ordinal);
        Assert.True(good.ExitCode == 0, good.Stdout + good.Stderr);
        using var json = JsonDocument.Parse(good.Stdout);
        var account = Assert.Single(json.RootElement.GetProperty("accounts").EnumerateArray());
        Assert.Equal((server.TikTokAdvertiserIds[0], server.World.Currency), (account.GetProperty("id").GetString(), account.GetProperty("currency").GetString()));
        Assert.Equal(["advertiser_read", "ad_management", "reporting"], json.RootElement.GetProperty("grantedScopes").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("not authorised for advertiser 7999", unknown.Stdout, StringComparison.Ordinal);
        AssertNoPlaintext([server.Credentials.TikTokAccessToken, server.Credentials.TikTokAppSecret], bad, good, unknown);
    }

    [Fact]
    public async Task ConnectTikTok_ReportingPermissionWithheld_ProblemNamingIt_NothingSaved()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, access: new SandboxAccess { TikTokScopes = ["advertiser_read", "ad_management"] });
        var env = await ConnectedShopAsync(server);

        var result = await RunAsync(env, server.Credentials.TikTokAppSecret + "\n", TikTokArgs(server, server.Credentials.TikTokAuthCode));

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("saved").GetBoolean());
        Assert.Equal(["reporting"], json.RootElement.GetProperty("missingScopes").EnumerateArray().Select(e => e.GetString()));
        await AssertNoSecretAsync("TIKTOK_ACCESS_TOKEN");
    }

    [Fact]
    public async Task FromNothing_ConnectAllThree_ThenDoctorShowsExpiry_AndAShadowRunNeedsNoOtherSetting()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, serverTime: new FastTime());
        server.World.Advance(24);
        _clock = server.World.Clock; // every command on the world's clock, as they would all share the one real clock
        var env = await ConnectedShopAsync(server);
        env["Loop__CheckpointDirectory"] = Path.Combine(_folder, "checkpoints");
        env["Meta__RequestsPerSecond"] = "1000";
        env["TikTok__RequestsPerSecond"] = "1000";

        var meta = await RunAsync(env, MetaStdin(server), MetaArgs(server));
        var tiktok = await RunAsync(env, server.Credentials.TikTokAppSecret + "\n", TikTokArgs(server, server.Credentials.TikTokAuthCode));
        var doctor = await RunWithTimeAsync(env, server.World.Clock, "doctor", "--db", Db, "--json");
        var run = await RunWithTimeAsync(env, server.World.Clock, "run", "--mode", "shadow", "--once", "--json", "--db", Db);

        Assert.True(meta.ExitCode == 0, meta.Stdout + meta.Stderr);
        Assert.True(tiktok.ExitCode == 0, tiktok.Stdout + tiktok.Stderr);
        using (var checks = JsonDocument.Parse(doctor.Stdout))
        {
            var metaCheck = Assert.Single(checks.RootElement.GetProperty("checks").EnumerateArray(), c => c.GetProperty("name").GetString() == "meta " + server.Meta.AccountId);
            Assert.Equal("ok", metaCheck.GetProperty("status").GetString());
            Assert.Contains("token expires 20", metaCheck.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }

        Assert.True(run.ExitCode == 0, run.Stdout + run.Stderr);
        using var reports = JsonDocument.Parse(run.Stdout);
        Assert.Equal(2, reports.RootElement.GetArrayLength());
        Assert.All(reports.RootElement.EnumerateArray(), r => Assert.Equal("Shadow", r.GetProperty("stage").GetString()));
        await using var database = new StorageDatabase(DatabaseTarget.Parse(Db));
        var store = Assert.Single(await new StoreDirectory(database, TimeProvider.System).ListAsync(Ct));
        var key = SecretKey.FromBase64(_key, "test");
        var secrets = await new SecretStore(database, TimeProvider.System).ReadAllAsync(store.Id, key, Ct);
        Assert.Equal(["META_APP_SECRET", "META_LONG_LIVED_TOKEN", "SHOPIFY_ADMIN_TOKEN", "TIKTOK_ACCESS_TOKEN", "TIKTOK_SECRET"], secrets.Keys.Order(StringComparer.Ordinal));
        AssertNoPlaintext([.. secrets.Values, server.Credentials.MetaShortLivedToken], meta, tiktok, doctor, run);
    }

    [Fact]
    public async Task Connect_NoSecretKey_FailsNamingTheKeyVariable()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var env = Environment(server);
        env.Remove(SecretKey.KeyVariable);

        var result = await RunAsync(env, server.Credentials.ShopifyAdminToken, ShopifyArgs(server));

        Assert.Equal(1, result.ExitCode);
        Assert.Contains(SecretKey.KeyVariable, result.Stderr, StringComparison.Ordinal);
    }

    private string[] ShopifyArgs(SandboxServer server) =>
        ["connect", "shopify", "--store", server.ShopDomain, "--token-stdin", "--base-url", server.ShopifyBaseUrl.ToString(), "--db", Db, "--json"];

    private string[] MetaArgs(SandboxServer server, params string[] more) =>
        ["connect", "meta", "--app-id", server.Credentials.MetaAppId, "--app-secret-stdin", "--user-token-stdin", "--base-url", server.MetaBaseUrl.ToString(), "--db", Db, "--json", .. more];

    private string[] TikTokArgs(SandboxServer server, string code, params string[] more) =>
        ["connect", "tiktok", "--app-id", server.Credentials.TikTokAppId, "--secret-stdin", "--auth-code", code, "--base-url", server.TikTokApiRoot.ToString(), "--db", Db, "--json", .. more];

    private static string MetaStdin(SandboxServer server) => server.Credentials.MetaAppSecret + "\n" + server.Credentials.MetaShortLivedToken + "\n";

    private Hashtable Environment(SandboxServer server, string? publicUrl = null)
    {
        var env = new Hashtable { [SecretKey.KeyVariable] = _key };
        if (publicUrl is not null)
        {
            env["Web__PublicUrl"] = publicUrl;
        }

        return env;
    }

    private async Task<Hashtable> ConnectedShopAsync(SandboxServer server)
    {
        var env = Environment(server);
        var shop = await RunAsync(env, server.Credentials.ShopifyAdminToken + "\n", ShopifyArgs(server));
        Assert.True(shop.ExitCode == 0, shop.Stdout + shop.Stderr);
        return env;
    }

    private async Task AssertNoSecretAsync(string name)
    {
        await using var database = new StorageDatabase(DatabaseTarget.Parse(Db));
        var store = Assert.Single(await new StoreDirectory(database, TimeProvider.System).ListAsync(Ct));
        Assert.DoesNotContain(await new SecretStore(database, TimeProvider.System).ListAsync(store.Id, Ct), s => s.Name == name);
    }

    /// <summary>No secret in what the commands printed, nor anywhere in the database's files.</summary>
    private void AssertNoPlaintext(IReadOnlyList<string> secrets, params CliResult[] results)
    {
        SqliteConnection.ClearAllPools();
        var printed = string.Concat(results.Select(r => r.Stdout + r.Stderr));
        var files = Directory.GetFiles(Path.GetDirectoryName(DbPath)!).Select(f => Encoding.UTF8.GetString(File.ReadAllBytes(f))).ToList();
        foreach (var secret in secrets)
        {
            Assert.DoesNotContain(secret, printed, StringComparison.Ordinal);
            Assert.All(files, f => Assert.DoesNotContain(secret, f, StringComparison.Ordinal));
        }
    }

    private static async Task<CliResult> RunWithTimeAsync(IDictionary environment, TimeProvider time, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ConnectCommand.Input.Value = new StringReader(string.Empty);
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, time, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>A clock a thousand times faster than the system's, so the sandbox's Shopify cost bucket refills at once.</summary>
    private sealed class FastTime : TimeProvider
    {
        private readonly long _start = System.GetTimestamp();

        public override long GetTimestamp() => _start + ((System.GetTimestamp() - _start) * 1000);
    }

    private async Task<CliResult> RunAsync(IDictionary environment, string stdin, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        ConnectCommand.Input.Value = new StringReader(stdin);
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, _clock, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

using System.Collections;
using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

/// <summary><c>adpilot run</c> against the sandbox over loopback, configured only through the guide's §13 variables.</summary>
public sealed class RunCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-run-").FullName;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Once_InShadow_RunsEveryAccountRegistersTheStoreAndLogsDecisionsWithoutWriting()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct, serverTime: new FastTime());
        server.World.Advance(48);
        var before = server.World.AdSets.Select(a => server.World.SettingsOf(a.Index)).ToArray();

        var result = await RunAsync(Environment(server), server.World.Clock, "run", "--mode", "shadow", "--once", "--json", "--db", Db);

        Assert.True(result.ExitCode == 0, result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        var reports = json.RootElement.EnumerateArray().ToArray();
        Assert.Equal(2, reports.Length);
        Assert.All(reports, r => Assert.Equal("Shadow", r.GetProperty("stage").GetString()));
        Assert.Equal(server.World.AdSets.Count, reports.Sum(r => r.GetProperty("decisions").GetInt32()));
        Assert.All(reports, r => Assert.True(r.GetProperty("insight_rows").GetInt32() > 0));
        Assert.Equal(before, server.World.AdSets.Select(a => server.World.SettingsOf(a.Index)));

        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct);
        var store = await new StoreDirectory(database, server.World.Clock).FindAsync(server.ShopDomain, ct);
        Assert.NotNull(store);
        Assert.Equal("America/New_York", store.Profile.TimeZone);
        var entries = await new ActionLog(database, server.World.Clock).ListAsync(store.Id, DateTimeOffset.UnixEpoch, server.World.Clock.GetUtcNow().AddDays(1), ct);
        Assert.Equal(server.World.AdSets.Count, entries.Count);
        Assert.All(entries, e => Assert.Equal(ActionStatus.Shadow, e.Status));
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Credentials.ShopifyAdminToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Start_MetaTokenWithoutAdsManagement_StopsBeforeAnyCycleNamingPlatformScopeAndFix()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, ct, serverTime: new FastTime(), access: new AdPilot.Sandbox.Access.SandboxAccess { MetaPermissions = ["ads_read", "business_management"] });
        server.World.Advance(24);

        var result = await RunAsync(Environment(server), server.World.Clock, "run", "--mode", "shadow", "--once", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains($"Meta {server.Meta.AccountId}: the token lacks the scope ads_management", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("adpilot connect meta", result.Stderr, StringComparison.Ordinal);
        Assert.Contains("not started", result.Stderr, StringComparison.Ordinal);
        Assert.Equal(string.Empty, result.Stdout);
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct);
        Assert.Null(await new StoreDirectory(database, server.World.Clock).FindAsync(server.ShopDomain, ct));
    }

    [Fact]
    public async Task Start_ScopesBeyondLeastPrivilege_WarnsAndRuns()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(),
            0,
            ct,
            serverTime: new FastTime(),
            access: new AdPilot.Sandbox.Access.SandboxAccess
            {
                ShopifyScopes = ["read_orders", "write_orders"],
                MetaPermissions = ["ads_read", "ads_management", "business_management", "pages_manage_posts"],
            });
        server.World.Advance(24);

        var result = await RunAsync(Environment(server), server.World.Clock, "run", "--mode", "shadow", "--once", "--db", Db);

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains($"warning: Shopify {server.ShopDomain}: the token also holds write_orders", result.Stderr, StringComparison.Ordinal);
        Assert.Contains($"warning: Meta {server.Meta.AccountId}: the token also holds pages_manage_posts", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Once_Twice_InTheSameHour_DecidesNothingTwice()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct, serverTime: new FastTime());
        server.World.Advance(48);

        var first = await RunAsync(Environment(server), server.World.Clock, "run", "--mode", "expand", "--once", "--db", Db);
        var second = await RunAsync(Environment(server), server.World.Clock, "run", "--mode", "expand", "--once", "--db", Db);

        Assert.True(first.ExitCode == 0, first.Stderr);
        Assert.True(second.ExitCode == 0, second.Stderr);
        Assert.Contains("expand:", first.Stdout, StringComparison.Ordinal);
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct);
        var store = await new StoreDirectory(database, server.World.Clock).FindAsync(server.ShopDomain, ct);
        var entries = await new ActionLog(database, server.World.Clock).ListAsync(store!.Id, DateTimeOffset.UnixEpoch, server.World.Clock.GetUtcNow().AddDays(1), ct);
        Assert.Equal(server.World.AdSets.Count, entries.Count(e => e.Decision.PolicyName == "bandit"));
    }

    [Fact]
    public async Task WithoutOnce_StartsTheSchedulerAndStopsGracefullyOnCtrlC()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct);
        using var ctrlC = CancellationTokenSource.CreateLinkedTokenSource(ct);
        using var stdout = new StringWriter();
        using var stderr = new SignallingWriter("every hour at minute 5", () => ctrlC.Cancel());

        var exitCode = await CliApp.RunAsync(["run", "--mode", "pilot", "--db", Db], stdout, stderr, ctrlC.Token, server.World.Clock, Environment(server));

        Assert.True(exitCode == 0, stderr.ToString());
        Assert.Contains("running pilot for 2 ad accounts", stderr.ToString(), StringComparison.Ordinal);
        Assert.Contains("adpilot: stopped", stderr.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MissingCurrency_FailsNamingTheVariable()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct);
        var environment = Environment(server);
        environment.Remove("STORE_CURRENCY");

        var result = await RunAsync(environment, server.World.Clock, "run", "--mode", "shadow", "--once", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("STORE_CURRENCY", result.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--mode", "run", "--once")]
    [InlineData("yolo", "run", "--mode", "yolo", "--once")]
    public async Task MissingOrUnknownMode_IsAUsageErrorNamingIt(string named, params string[] args)
    {
        var result = await RunAsync(new Hashtable(), TimeProvider.System, args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(named, result.Stderr, StringComparison.Ordinal);
    }

    private static Hashtable Environment(SandboxServer server) => new()
    {
        ["SHOPIFY_STORE_DOMAIN"] = server.ShopDomain,
        ["SHOPIFY_ADMIN_TOKEN"] = server.Credentials.ShopifyAdminToken,
        ["META_APP_SECRET"] = server.Credentials.MetaAppSecret,
        ["META_LONG_LIVED_TOKEN"] = server.Credentials.MetaAccessToken,
        ["META_AD_ACCOUNT_ID"] = server.Meta.AccountId,
        ["TIKTOK_ACCESS_TOKEN"] = server.Credentials.TikTokAccessToken,
        ["TIKTOK_AD_ACCOUNT_ID"] = server.TikTokAdvertiserIds[0],
        ["STORE_CURRENCY"] = server.World.Currency,
        ["TZ"] = server.World.Scenario.Store.TimeZone,
        ["Meta__BaseUrl"] = server.MetaBaseUrl.ToString(),
        ["TikTok__BaseUrl"] = server.TikTokApiRoot.ToString(),
        ["Shopify__BaseUrl"] = server.ShopifyBaseUrl.ToString(),
        ["Loop__CheckpointDirectory"] = Path.Combine(Path.GetTempPath(), "adpilot-run-ckpt-" + Guid.NewGuid().ToString("N")),
        ["Meta__RequestsPerSecond"] = "1000",
        ["TikTok__RequestsPerSecond"] = "1000",
    };

    private static async Task<CliResult> RunAsync(IDictionary environment, TimeProvider time, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, time, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    /// <summary>Calls back once a line containing <paramref name="text"/> is written (the command's "running" line).</summary>
    private sealed class SignallingWriter(string text, Action signal) : StringWriter
    {
        public override Task WriteLineAsync(string? value)
        {
            var written = base.WriteLineAsync(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true)
            {
                signal();
            }

            return written;
        }
    }

    /// <summary>A clock ahead of the system's a thousand times over, so Shopify's cost bucket in the sandbox refills at once.</summary>
    private sealed class FastTime : TimeProvider
    {
        private readonly long _start = System.GetTimestamp();

        public override long GetTimestamp() => _start + ((System.GetTimestamp() - _start) * 1000);
    }
}

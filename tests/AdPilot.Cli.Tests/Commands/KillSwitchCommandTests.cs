using System.Collections;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Snapshots;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

public sealed class KillSwitchCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-killswitch-").FullName;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Engage_Status_Release_RoundTrip()
    {
        await SeedStoreAsync("shop.myshopify.com", "USD", DateTimeOffset.UnixEpoch);

        var engaged = await RunAsync(new Hashtable(), "killswitch", "--db", Db, "--reason", "runaway spend", "--actor", "ops");
        var again = await RunAsync(new Hashtable(), "killswitch", "--db", Db, "--reason", "twice", "--actor", "ops");
        var status = await RunAsync(new Hashtable(), "killswitch", "--status", "--db", Db);
        var released = await RunAsync(new Hashtable(), "killswitch", "--release", "--db", Db, "--actor", "lead");
        var after = await RunAsync(new Hashtable(), "killswitch", "--status", "--db", Db);
        var audit = await RunAsync(new Hashtable(), "audit", "--db", Db, "--json");

        Assert.Equal(0, engaged.ExitCode);
        Assert.Contains("runaway spend", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("engaged since", status.Stdout, StringComparison.Ordinal);
        Assert.Contains("released", released.Stdout, StringComparison.Ordinal);
        Assert.Contains("not engaged", after.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal(
            [("cli:lead", "kill_switch_release"), ("cli:ops", "kill_switch_engage")],
            System.Text.Json.JsonDocument.Parse(audit.Stdout).RootElement.EnumerateArray().Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString())));
    }

    [Fact]
    public async Task TwoModes_AreRefusedAsBadArguments()
    {
        var result = await RunAsync(new Hashtable(), "killswitch", "--restore", "--release", "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("cannot be used together", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Restore_PutsTheLastHumanBudgetsBackThroughTheSandbox()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct);
        var world = server.World;
        var adSets = world.AdSets.Where(a => a.Ref.Platform == Platform.Instagram).Take(2).ToArray();
        var human = adSets.Select(a => world.SettingsOf(a.Index).DailyBudget).ToArray();
        var storeId = await SeedStoreAsync(server.ShopDomain, world.Currency, world.StartUtc);
        await using (var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct))
        {
            await new BudgetSnapshotStore(database).SaveAsync(
                storeId,
                adSets.Select((a, i) => new BudgetSnapshot(a.Ref, human[i], world.Currency, world.StartUtc, BudgetSetter.Human, AdSetStatus.Active)).ToArray(),
                ct);
        }

        foreach (var adSet in adSets)
        {
            world.Change(adSet.Index, s => s with { DailyBudget = Math.Min(adSet.MaxDailyBudget, s.DailyBudget * 1.5m) });
        }

        world.Change(adSets[0].Index, s => s with { Status = AdSetStatus.Paused });

        var environment = new Hashtable
        {
            ["Platforms__Accounts__0__Platform"] = "Instagram",
            ["Platforms__Accounts__0__AccountId"] = server.Meta.AccountId,
            ["Platforms__Accounts__0__Currency"] = world.Currency,
            ["Meta__BaseUrl"] = server.MetaBaseUrl.ToString(),
            ["Meta__AccessToken"] = server.Credentials.MetaAccessToken,
            ["Meta__AppSecret"] = server.Credentials.MetaAppSecret,
        };

        var result = await RunAsync(environment, "killswitch", "--restore", "--db", Db, "--actor", "ops");
        var audit = await RunAsync(new Hashtable(), "audit", "--db", Db, "--json");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("2 of 2 ad sets restored", result.Stdout, StringComparison.Ordinal);
        Assert.Equal(human, adSets.Select(a => world.SettingsOf(a.Index).DailyBudget));
        Assert.All(adSets, a => Assert.Equal(AdSetStatus.Active, world.SettingsOf(a.Index).Status));
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
        Assert.Equal(
            [("kill_switch_restore", $"Instagram:{server.Meta.AccountId.Replace("act_", "", StringComparison.Ordinal)}"), ("kill_switch_engage", "kill switch")],
            System.Text.Json.JsonDocument.Parse(audit.Stdout).RootElement.EnumerateArray().Select(e => (e.GetProperty("action").GetString(), e.GetProperty("target").GetString())));
    }

    [Fact]
    public async Task Restore_WithoutConfiguredAccounts_FailsNamingWhatIsMissing()
    {
        await SeedStoreAsync("shop.myshopify.com", "USD", DateTimeOffset.UnixEpoch);

        var result = await RunAsync(new Hashtable(), "killswitch", "--restore", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("Platforms:Accounts is empty", result.Stderr, StringComparison.Ordinal);
    }

    private static async Task<CliResult> RunAsync(IDictionary environment, params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, TestContext.Current.CancellationToken, environment: environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }

    private async Task<long> SeedStoreAsync(string domain, string currency, DateTimeOffset since)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct);
        return await new StoreDirectory(database, TimeProvider.System).UpsertAsync(
            new StoreProfile { ShopDomain = domain, Currency = currency, TimeZone = "UTC", GrossMargin = 0.6m, DataSince = since }, ct);
    }
}

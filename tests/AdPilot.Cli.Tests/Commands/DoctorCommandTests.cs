using System.Collections;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Access;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;
using static AdPilot.Cli.Tests.Commands.OnboardingEnvironment;

namespace AdPilot.Cli.Tests.Commands;

public sealed class DoctorCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-doctor-").FullName;

    private string DbPath => Path.Combine(_folder, "adpilot.db");

    private string Db => $"sqlite:{DbPath}";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Doctor_HealthyStore_ExitsZeroWithEveryCheckOk()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        var environment = For(server);
        await RunAsync(environment, "webhooks", "register");
        await SeedCycleAsync(server);

        var result = await RunAsync(environment, "doctor", "--db", Db, "--json");

        Assert.True(result.ExitCode == 0, result.Stdout + result.Stderr);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.True(json.RootElement.GetProperty("ok").GetBoolean());
        var checks = Checks(json);
        Assert.All(checks, c => Assert.True(c.Status == "ok", $"{c.Name}: {c.Status} {c.Detail}"));
        Assert.Equal(
            ["configuration", "store time zone", "database", $"shopify {server.ShopDomain}", "clock", $"meta {server.Meta.AccountId}", $"tiktok {server.TikTokAdvertiserIds[0]}", "webhooks", $"last cycle meta {server.Meta.AccountId}", $"last cycle tiktok {server.TikTokAdvertiserIds[0]}"],
            checks.Select(c => c.Name));
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NoDatabaseAndNoWebhooks_ProblemAndWarningWithoutCreatingTheDatabase()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);

        var result = await RunAsync(For(server), "doctor", "--db", Db, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        Assert.False(json.RootElement.GetProperty("ok").GetBoolean());
        var checks = Checks(json);
        var database = Assert.Single(checks, c => c.Name == "database");
        Assert.Equal("problem", database.Status);
        Assert.Contains("adpilot db migrate", database.Fix, StringComparison.Ordinal);
        var webhooks = Assert.Single(checks, c => c.Name == "webhooks");
        Assert.Equal("warning", webhooks.Status);
        Assert.Contains("orders/create", webhooks.Detail, StringComparison.Ordinal);
        Assert.False(File.Exists(DbPath));
    }

    [Fact]
    public async Task Doctor_PendingMigrations_ReportedNotApplied()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct);
        await using (var connection = new SqliteConnection($"Data Source={DbPath}"))
        {
            await connection.OpenAsync(Ct);
            await using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE SchemaVersions (SchemaVersionID INTEGER PRIMARY KEY, ScriptName TEXT NOT NULL, Applied TEXT NOT NULL)";
            await command.ExecuteNonQueryAsync(Ct);
        }

        var result = await RunAsync(For(server), "doctor", "--db", Db, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var database = Assert.Single(Checks(json), c => c.Name == "database");
        Assert.Contains("migration(s) pending", database.Detail, StringComparison.Ordinal);
        await using var check = new SqliteConnection($"Data Source={DbPath}");
        await check.OpenAsync(Ct);
        await using var count = check.CreateCommand();
        count.CommandText = "SELECT COUNT(*) FROM SchemaVersions";
        Assert.Equal(0L, await count.ExecuteScalarAsync(Ct));
    }

    [Fact]
    public async Task Doctor_ExpiredMetaTokenAndMissingTikTokScope_ProblemsAndExitOne()
    {
        var faults = new SandboxFaults { Rules = [new FaultRule { Platform = FaultPlatform.Meta, Fault = FaultKind.ExpiredToken, Probability = 1 }] };
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, Ct, faults: faults, access: new SandboxAccess { TikTokScopes = ["advertiser_read", "ad_management"] });
        await SeedCycleAsync(server);

        var result = await RunAsync(For(server), "doctor", "--db", Db, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var checks = Checks(json);
        var meta = Assert.Single(checks, c => c.Name == $"meta {server.Meta.AccountId}");
        Assert.Equal("problem", meta.Status);
        Assert.Contains("META_LONG_LIVED_TOKEN", meta.Fix, StringComparison.Ordinal);
        var tiktok = Assert.Single(checks, c => c.Name == $"tiktok {server.TikTokAdvertiserIds[0]}");
        Assert.Equal("problem", tiktok.Status);
        Assert.Contains("reporting", tiktok.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_CurrencyMismatch_TableNamesTheProblemAndTheFix()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, Ct, access: new SandboxAccess { AdAccountCurrency = "EUR" });
        await SeedCycleAsync(server);

        var result = await RunAsync(For(server), "doctor", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("how to fix", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("reports money in EUR", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("problem(s) block a run", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_NothingConfigured_ConfigurationProblemNamingTheSettings()
    {
        var result = await RunAsync(new Hashtable(), "doctor", "--db", Db, "--json");

        Assert.Equal(1, result.ExitCode);
        using var json = JsonDocument.Parse(result.Stdout);
        var configuration = Assert.Single(Checks(json), c => c.Name == "configuration");
        Assert.Equal("problem", configuration.Status);
        Assert.Contains("STORE_CURRENCY", configuration.Detail, StringComparison.Ordinal);
        Assert.Contains("SHOPIFY_ADMIN_TOKEN", configuration.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Doctor_UnknownOption_IsAUsageError()
    {
        var result = await RunAsync(new Hashtable(), "doctor", "--bogus");

        Assert.Equal(2, result.ExitCode);
    }

    private static List<(string Name, string Status, string Detail, string? Fix)> Checks(JsonDocument json) =>
        [.. json.RootElement.GetProperty("checks").EnumerateArray().Select(c => (
            c.GetProperty("name").GetString()!,
            c.GetProperty("status").GetString()!,
            c.GetProperty("detail").GetString()!,
            c.TryGetProperty("fix", out var fix) ? fix.GetString() : null))];

    /// <summary>Registers the store and records a successful cycle this hour for each sandbox account.</summary>
    private async Task SeedCycleAsync(SandboxServer server)
    {
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), Ct);
        var storeId = await new StoreDirectory(database, TimeProvider.System).UpsertAsync(
            new StoreProfile { ShopDomain = server.ShopDomain, Currency = server.World.Currency, TimeZone = "UTC", GrossMargin = 0.6m, DataSince = server.World.StartUtc }, Ct);
        var now = TimeProvider.System.GetUtcNow();
        var hour = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero);
        var cycles = new CycleRunStore(database, TimeProvider.System);
        foreach (var (platform, id) in new[] { (Platform.Instagram, server.Meta.AccountDigits), (Platform.TikTok, server.TikTokAdvertiserIds[0]) })
        {
            var claim = await cycles.TryStartAsync(storeId, platform, id, hour, "test", Ct);
            await cycles.CompleteAsync(claim!, succeeded: true, null, null, Ct);
        }
    }
}

using System.Collections;
using System.Text.Json;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

/// <summary><c>adpilot checkpoints list|promote|rollback|add</c> on a SQLite database.</summary>
public sealed class CheckpointsCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-checkpoints-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    private string Retrained => Path.Combine(_folder, "retraining");

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Add_ThenPromote_ThenList_ShowsTheActiveVersionWithWhoPromotedIt()
    {
        await SeedStoreAsync("shop.myshopify.com");
        var file = await WriteCheckpointAsync("trained.ckpt", "bandit", "run-7");

        var added = await RunAsync("checkpoints", "add", file, "--version", "v1", "--json");
        var promoted = await RunAsync("checkpoints", "promote", "v1", "--by", "alice", "--note", "pretrained on the default family");
        var list = await RunAsync("checkpoints", "list", "--json");

        Assert.True(added.ExitCode == 0, added.Stderr);
        using (var json = JsonDocument.Parse(added.Stdout))
        {
            Assert.Equal(("v1", "bandit", "candidate", true), (Str(json.RootElement, "version"), Str(json.RootElement, "agentKind"), Str(json.RootElement, "status"), json.RootElement.GetProperty("added").GetBoolean()));
            var kept = Str(json.RootElement, "path")!;
            Assert.StartsWith(Retrained, kept, StringComparison.Ordinal);
            Assert.Equal(await File.ReadAllBytesAsync(file, Ct), await File.ReadAllBytesAsync(kept, Ct));
        }

        Assert.True(promoted.ExitCode == 0, promoted.Stderr);
        Assert.Contains("Promoted v1 (bandit) by cli:alice", promoted.Stdout, StringComparison.Ordinal);
        Assert.True(list.ExitCode == 0, list.Stderr);
        using var report = JsonDocument.Parse(list.Stdout);
        Assert.Equal("v1", Str(report.RootElement, "active"));
        var row = Assert.Single(report.RootElement.GetProperty("checkpoints").EnumerateArray());
        Assert.Equal(("v1", "bandit", "active", "cli:alice", "file"), (Str(row, "version"), Str(row, "agentKind"), Str(row, "status"), Str(row, "promotedBy"), Str(row, "source")));
        Assert.Equal(12, row.GetProperty("episodes").GetInt32());
        Assert.Equal(JsonValueKind.String, row.GetProperty("createdAt").ValueKind);
        Assert.Equal(JsonValueKind.String, row.GetProperty("promotedAt").ValueKind);
        foreach (var field in new[] { "from", "to", "hours", "decisions", "orders", "profitPerDay", "rewardTrend", "verdict", "path" })
        {
            Assert.True(row.TryGetProperty(field, out _), $"list --json has no '{field}'");
        }

        var history = Assert.Single(report.RootElement.GetProperty("history").EnumerateArray());
        Assert.Equal(("v1", "promote", "cli:alice", "pretrained on the default family"), (Str(history, "version"), Str(history, "kind"), Str(history, "decidedBy"), Str(history, "note")));
    }

    [Fact]
    public async Task List_ARetrainedVersion_ShowsItsDataRangeMetricsAndTheGatesVerdict()
    {
        var storeId = await SeedStoreAsync("shop.myshopify.com");
        const string Meta = """
            {"source":"retraining","runId":"nightly-2026-03-15","data":{"from":"2026-02-15T08:00:00+00:00","to":"2026-03-15T08:00:00+00:00","hours":672,"rewardHours":670,"adSets":2,"decisions":1344,"orders":310,"attributedOrders":250,"spend":1234.5,"revenue":4567.8,"currency":"USD"},
             "training":{"episodes":60,"daysPerEpisode":14,"seed":9,"scenarios":16,"profitPerDay":123.4,"rewardTrend":118.2,"updates":800,"seconds":42.5},
             "verdict":{"promote":false,"method":"hold","decisions":0,"reason":"promotion needs off-policy evidence; until an estimator is configured nothing is promoted"}}
            """;
        await RegisterAsync(storeId, new CheckpointRecord("nightly-2026-03-15", "bandit", "/ckpt/n.ckpt", Meta));

        var json = await RunAsync("checkpoints", "list", "--json");
        var text = await RunAsync("checkpoints", "list");

        using var report = JsonDocument.Parse(json.Stdout);
        var row = Assert.Single(report.RootElement.GetProperty("checkpoints").EnumerateArray());
        Assert.Equal(JsonValueKind.Null, report.RootElement.GetProperty("active").ValueKind);
        Assert.Equal((672, 1344, 310, 60, 123.4), (row.GetProperty("hours").GetInt32(), row.GetProperty("decisions").GetInt64(), row.GetProperty("orders").GetInt64(), row.GetProperty("episodes").GetInt32(), row.GetProperty("profitPerDay").GetDouble()));
        Assert.Equal(new DateTimeOffset(2026, 2, 15, 8, 0, 0, TimeSpan.Zero), row.GetProperty("from").GetDateTimeOffset());
        Assert.Equal(("hold", false), (Str(row.GetProperty("verdict"), "method"), row.GetProperty("verdict").GetProperty("promote").GetBoolean()));
        Assert.Equal(0, text.ExitCode);
        Assert.Contains("nightly-2026-03-15\tbandit\tcandidate", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("2026-02-15 08:00Z – 2026-03-15 08:00Z (672 h, 1,344 decisions, 310 orders)", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("hold (hold): promotion needs off-policy evidence", text.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Rollback_ToAVersionThatServed_Works_AndOtherwiseSaysWhy()
    {
        var storeId = await SeedStoreAsync("shop.myshopify.com");
        foreach (var version in new[] { "v1", "v2", "v3" })
        {
            await RegisterAsync(storeId, new CheckpointRecord(version, "bandit", $"/ckpt/{version}.ckpt", "{}"));
        }

        Assert.Equal(0, (await RunAsync("checkpoints", "promote", "v1")).ExitCode);
        Assert.Equal(0, (await RunAsync("checkpoints", "promote", "v2")).ExitCode);

        var neverServed = await RunAsync("checkpoints", "rollback", "v3");
        var unknown = await RunAsync("checkpoints", "rollback", "v9");
        var unknownPromote = await RunAsync("checkpoints", "promote", "v9");
        var back = await RunAsync("checkpoints", "rollback", "v1", "--by", "bob", "--json");
        var again = await RunAsync("checkpoints", "rollback", "v1");

        Assert.Equal(1, neverServed.ExitCode);
        Assert.Contains("'v3' has never been active", neverServed.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknown.ExitCode);
        Assert.Contains("'v9' is not registered", unknown.Stderr, StringComparison.Ordinal);
        Assert.Equal(1, unknownPromote.ExitCode);
        Assert.Contains("'v9' is not registered", unknownPromote.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, back.ExitCode);
        using (var json = JsonDocument.Parse(back.Stdout))
        {
            Assert.Equal(("v1", "v2", "rollback", "cli:bob", true), (Str(json.RootElement, "active"), Str(json.RootElement, "previous"), Str(json.RootElement, "kind"), Str(json.RootElement, "decidedBy"), json.RootElement.GetProperty("changed").GetBoolean()));
        }

        Assert.Equal(0, again.ExitCode);
        Assert.Contains("v1 is already the active checkpoint; nothing changed", again.Stdout, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("checkpoints", "promote")]
    [InlineData("checkpoints", "rollback")]
    [InlineData("checkpoints", "frobnicate")]
    [InlineData("checkpoints", "add")]
    [InlineData("checkpoints", "list", "--store")]
    [InlineData("checkpoints", "add", "x.ckpt", "--version", "two words")]
    public async Task BadArguments_OneLineOnStderr_Exit2(params string[] args)
    {
        await SeedStoreAsync("shop.myshopify.com");

        var result = await RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Add_AFileThatIsNotACheckpoint_NamesItAndRegistersNothing()
    {
        await SeedStoreAsync("shop.myshopify.com");
        var junk = Path.Combine(_folder, "notes.txt");
        await File.WriteAllTextAsync(junk, "not a checkpoint", Ct);

        var bad = await RunAsync("checkpoints", "add", junk);
        var missing = await RunAsync("checkpoints", "add", Path.Combine(_folder, "nowhere.ckpt"));
        var list = await RunAsync("checkpoints", "list", "--json");

        Assert.Equal(2, bad.ExitCode);
        Assert.Contains(junk, bad.Stderr, StringComparison.Ordinal);
        Assert.Contains("not a usable checkpoint", bad.Stderr, StringComparison.Ordinal);
        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Stderr, StringComparison.Ordinal);
        Assert.Empty(JsonDocument.Parse(list.Stdout).RootElement.GetProperty("checkpoints").EnumerateArray());
        Assert.False(Directory.Exists(Retrained));
    }

    [Fact]
    public async Task Add_TheSameFileTwice_ChangesNothing_AndAnotherFileUnderItsVersionIsRefused()
    {
        await SeedStoreAsync("shop.myshopify.com");
        var file = await WriteCheckpointAsync("a.ckpt", "qlearning", "run-a");
        var other = await WriteCheckpointAsync("b.ckpt", "qlearning", "run-b");

        var first = await RunAsync("checkpoints", "add", file);
        var second = await RunAsync("checkpoints", "add", file);
        var clash = await RunAsync("checkpoints", "add", other, "--version", "run-a@20260301T000000Z");

        Assert.Equal(0, first.ExitCode);
        Assert.Contains("Registered run-a@20260301T000000Z (qlearning) as a candidate", first.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, second.ExitCode);
        Assert.Contains("already registered for this file", second.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, clash.ExitCode);
        Assert.Contains("already registered for another file", clash.Stderr, StringComparison.Ordinal);
    }

    private static string? Str(JsonElement element, string name) => element.GetProperty(name).GetString();

    private async Task<long> SeedStoreAsync(string domain)
    {
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), Ct);
        return await new StoreDirectory(database, TimeProvider.System).UpsertAsync(
            new StoreProfile { ShopDomain = domain, Currency = "USD", TimeZone = "UTC", GrossMargin = 0.6m, DataSince = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero) }, Ct);
    }

    private async Task RegisterAsync(long storeId, CheckpointRecord record)
    {
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), Ct);
        await new CheckpointStore(database, TimeProvider.System).RegisterAsync(storeId, record, Ct);
    }

    private async Task<string> WriteCheckpointAsync(string name, string kind, string runId)
    {
        var path = Path.Combine(_folder, name);
        var checkpoint = LearningAgents.Create(kind, 3).ToCheckpoint(
            runId, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string>(StringComparer.Ordinal) { ["training.episodes"] = "12" });
        await File.WriteAllBytesAsync(path, CheckpointFormat.Serialize(checkpoint), Ct);
        return path;
    }

    private async Task<CliResult> RunAsync(params string[] args)
    {
        IDictionary environment = new Hashtable { ["DB_URL"] = Db, ["Retraining__Directory"] = Retrained };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, Ct, TimeProvider.System, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

using System.Collections;
using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

/// <summary><c>adpilot retrain</c> on a SQLite database holding two days of two ad sets' insights and attributed orders.</summary>
public sealed class RetrainCommandTests : IDisposable
{
    private static readonly DateTimeOffset CurrentHour = TimeProvider.System.GetUtcNow() is var now ? new(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero) : default;
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-retrain-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Json_TrainsRegistersAndHolds_AndARerunOfTheNightReportsTheSameVersion()
    {
        await SeedAsync(withData: true);
        var to = CurrentHour.AddHours(-1);
        var toText = to.ToString("yyyy-MM-ddTHH:mmZ", CultureInfo.InvariantCulture);

        var first = await RunAsync("retrain", "--json", "--episodes", "2", "--to", toText);
        var again = await RunAsync("retrain", "--json", "--to", toText);
        var list = await RunAsync("checkpoints", "list", "--json");

        Assert.True(first.ExitCode == 0, first.Stderr);
        using var json = JsonDocument.Parse(first.Stdout);
        var r = json.RootElement;
        var version = "nightly-" + to.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        Assert.Equal((version, "bandit", 2, false, false), (Str(r, "version"), Str(r, "agentKind"), r.GetProperty("episodes").GetInt32(), r.GetProperty("promoted").GetBoolean(), r.GetProperty("reused").GetBoolean()));
        Assert.Equal((to.AddDays(-28), to), (r.GetProperty("from").GetDateTimeOffset(), r.GetProperty("to").GetDateTimeOffset()));
        Assert.Equal((47, 0, 47L), (r.GetProperty("hours").GetInt32(), r.GetProperty("decisions").GetInt64(), r.GetProperty("orders").GetInt64()));
        var verdict = r.GetProperty("verdict");
        Assert.Equal(("dr", false), (Str(verdict, "method"), verdict.GetProperty("promote").GetBoolean()));
        Assert.Contains("only 0 logged decisions", Str(verdict, "reason"), StringComparison.Ordinal); // the off-policy gate: no pilot or expand decisions yet
        Assert.True(File.Exists(Str(r, "path")), Str(r, "path"));
        Assert.StartsWith(Path.Combine(_folder, "retraining"), Str(r, "path"), StringComparison.Ordinal);

        Assert.True(again.ExitCode == 0, again.Stderr);
        using var rerun = JsonDocument.Parse(again.Stdout);
        Assert.Equal((version, true, Str(r, "path")), (Str(rerun.RootElement, "version"), rerun.RootElement.GetProperty("reused").GetBoolean(), Str(rerun.RootElement, "path")));
        var rows = JsonDocument.Parse(list.Stdout).RootElement.GetProperty("checkpoints").EnumerateArray().ToList();
        var row = Assert.Single(rows);
        Assert.Equal((version, "candidate", 47), (Str(row, "version"), Str(row, "status"), row.GetProperty("hours").GetInt32()));
    }

    [Fact]
    public async Task Text_SaysWhatItTrainedAndThatNothingWasPromoted()
    {
        await SeedAsync(withData: true);

        var result = await RunAsync("retrain", "--episodes", "1");

        Assert.True(result.ExitCode == 0, result.Stderr);
        Assert.Contains("Retrained nightly-", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("(bandit, 1 episode from a fresh agent)", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Gate (dr): kept out:", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("logged decisions", result.Stdout, StringComparison.Ordinal);
        Assert.Contains("Not promoted: no registered checkpoint serves", result.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NoData_FailsWithAClearMessage_AndRegistersNothing()
    {
        await SeedAsync(withData: false);

        var result = await RunAsync("retrain", "--episodes", "1");

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("nothing to calibrate the simulator on", result.Stderr, StringComparison.Ordinal);
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), Ct);
        Assert.Empty(await new CheckpointStore(database, TimeProvider.System).ListAsync(1, Ct));
    }

    [Theory]
    [InlineData("--episodes", "0")]
    [InlineData("--episodes", "many")]
    [InlineData("--from", "yesterday")]
    [InlineData("--to", "2026-03-01T10:30Z")]
    [InlineData("--from", "2026-03-02T00:00Z", "--to", "2026-03-01T00:00Z")]
    [InlineData("--to", "2999-01-01T00:00Z")]
    [InlineData("--store", "elsewhere.myshopify.com")]
    public async Task BadArguments_OneLineOnStderr_Exit2(params string[] args)
    {
        await SeedAsync(withData: false);

        var result = await RunAsync(["retrain", .. args]);

        Assert.Equal(2, result.ExitCode);
        Assert.Single(result.Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.Empty(result.Stdout);
    }

    private static string Str(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    /// <summary>A store in UTC with an Instagram and a TikTok ad set; with data, the 48 hours before the current one.</summary>
    private async Task SeedAsync(bool withData)
    {
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), Ct);
        var time = TimeProvider.System;
        var storeId = await new StoreDirectory(database, time).UpsertAsync(
            new StoreProfile { ShopDomain = "shop.myshopify.com", Currency = "USD", TimeZone = "UTC", GrossMargin = 0.6m, DataSince = CurrentHour.AddDays(-30) }, Ct);
        var ingestion = new IngestionStore(database, time);
        await ingestion.UpsertAdAccountsAsync(storeId, [new AdAccountRecord(Platform.Instagram, "act_1", "Main", "USD"), new AdAccountRecord(Platform.TikTok, "tt_1", "Main", "USD")], Ct);
        await ingestion.UpsertCampaignsAsync(storeId, [new CampaignRecord(Platform.Instagram, "c1", "act_1", "Prospecting", "ACTIVE"), new CampaignRecord(Platform.TikTok, "c2", "tt_1", "Prospecting", "ENABLE")], Ct);
        await ingestion.UpsertAdSetsAsync(storeId, [AdSet(Platform.Instagram, "as-ig", "c1", 80m), AdSet(Platform.TikTok, "as-tt", "c2", 120m)], Ct);
        if (!withData)
        {
            return;
        }

        var rows = new List<InsightRow>();
        var orders = new List<OrderRecord>();
        for (var h = 1; h <= 48; h++)
        {
            var hour = CurrentHour.AddHours(-h);
            rows.Add(new InsightRow(Platform.Instagram, InsightEntityType.AdSet, "as-ig", hour, 320, 4, 3.4m, "USD", 1, 60m));
            rows.Add(new InsightRow(Platform.TikTok, InsightEntityType.AdSet, "as-tt", hour, 700, 8, 5.0m, "USD", 1, 70m));
            orders.Add(new OrderRecord
            {
                OrderId = $"o{h}",
                CreatedAt = hour.AddMinutes(20),
                Total = 64.5m,
                Currency = "USD",
                AttributionSource = "utm",
                Platform = h % 2 == 0 ? Platform.Instagram : Platform.TikTok,
                AdSetExternalId = h % 2 == 0 ? "as-ig" : "as-tt",
                SourceUpdatedAt = hour.AddMinutes(20),
            });
        }

        await ingestion.LoadInsightsAsync(storeId, rows, Ct);
        await ingestion.UpsertOrdersAsync(storeId, orders, Ct);
    }

    private static AdSetRecord AdSet(Platform platform, string id, string campaign, decimal budget) => new()
    {
        Platform = platform,
        ExternalId = id,
        CampaignExternalId = campaign,
        Name = $"Ad set {id}",
        Status = "ACTIVE",
        DailyBudget = budget,
        Currency = "USD",
        BidStrategy = "lowest_cost",
        TargetAgeGroup = "25-34",
        CreativeGroup = "ugc",
    };

    private async Task<CliResult> RunAsync(params string[] args)
    {
        IDictionary environment = new Hashtable
        {
            ["DB_URL"] = Db,
            ["Retraining__Directory"] = Path.Combine(_folder, "retraining"),
            ["Retraining__EpisodeDays"] = "1",
        };
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await CliApp.RunAsync(args, stdout, stderr, Ct, TimeProvider.System, environment);
        return new CliResult(exitCode, stdout.ToString(), stderr.ToString());
    }
}

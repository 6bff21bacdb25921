using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

public sealed class ExperimentsCommandTests : IAsyncLifetime
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-experiments-").FullName;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Propose_Approve_End_AreRecordedAuditedAndListed()
    {
        await SeedAsync();

        var proposed = await CliRunner.RunAsync("experiments", "propose", "--ad-set", "instagram:as-9", "--age", "25-34", "--interests", "fitness,beauty", "--db", Db, "--actor", "ana", "--json");
        var id = JsonDocument.Parse(proposed.Stdout).RootElement.GetProperty("id").GetInt64().ToString(CultureInfo.InvariantCulture);
        var twice = await CliRunner.RunAsync("experiments", "propose", "--ad-set", "instagram:as-9", "--age", "18-24", "--db", Db);
        var approved = await CliRunner.RunAsync("experiments", "approve", id, "--db", Db, "--actor", "bo");
        var again = await CliRunner.RunAsync("experiments", "reject", id, "--db", Db);
        var ended = await CliRunner.RunAsync("experiments", "end", id, "--db", Db, "--actor", "bo");
        var list = await CliRunner.RunAsync("experiments", "list", "--db", Db, "--json");
        var text = await CliRunner.RunAsync("experiments", "list", "--db", Db);
        var open = await CliRunner.RunAsync("experiments", "list", "--open", "--db", Db);
        var audit = await CliRunner.RunAsync("audit", "--db", Db, "--json");

        Assert.Equal(0, proposed.ExitCode);
        var row = JsonDocument.Parse(proposed.Stdout).RootElement;
        Assert.Equal(("proposed", "instagram", "act_1", "as-9", "25-34", "beauty,fitness", "cli:ana"),
            (row.GetProperty("status").GetString(), row.GetProperty("platform").GetString(), row.GetProperty("account").GetString(), row.GetProperty("adSet").GetString(),
             row.GetProperty("toAgeGroup").GetString(), row.GetProperty("toInterests").GetString(), row.GetProperty("proposedBy").GetString()));
        Assert.Equal(("35-44", "broad"), (row.GetProperty("fromAgeGroup").GetString(), row.GetProperty("fromInterests").GetString()));
        Assert.Equal(1, twice.ExitCode);
        Assert.Contains($"already has experiment {id} (proposed)", twice.Stdout, StringComparison.Ordinal);
        Assert.Equal(0, approved.ExitCode);
        Assert.Contains($"Experiment {id} approved by bo", approved.Stdout, StringComparison.Ordinal);
        Assert.Equal(1, again.ExitCode);
        Assert.Contains("is approved, not proposed", again.Stderr, StringComparison.Ordinal);
        Assert.Equal(0, ended.ExitCode);
        Assert.Contains("withdrawn by bo before it started", ended.Stdout, StringComparison.Ordinal);
        var listed = Assert.Single(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
        Assert.Equal(("ended", "cli:bo"), (listed.GetProperty("status").GetString(), listed.GetProperty("decidedBy").GetString()));
        Assert.Contains("35-44, broad interests → 25-34, beauty+fitness", text.Stdout, StringComparison.Ordinal);
        Assert.Contains("No open targeting experiment.", open.Stdout, StringComparison.Ordinal);
        var actions = JsonDocument.Parse(audit.Stdout).RootElement.EnumerateArray().Select(e => (e.GetProperty("actor").GetString(), e.GetProperty("action").GetString())).ToArray();
        Assert.Equal([("cli:bo", AdminActions.ExperimentEnd), ("cli:bo", AdminActions.ExperimentApprove), ("cli:ana", AdminActions.ExperimentPropose)], actions);
    }

    [Theory]
    [InlineData("--ad-set", "as-9", "--age", "25-34", "--ad-set must be instagram:ID or tiktok:ID")]
    [InlineData("--ad-set", "instagram:as-9", "--age", "30-40", "--age must be one of 18-24, 25-34, 35-44, 45-54, 55+")]
    [InlineData("--ad-set", "instagram:as-9", "--age", "25-34", "unknown interest 'knitting'")]
    public async Task Propose_BadArguments_ExitWithTwoNamingTheProblem_AndStoreNothing(string adSetFlag, string adSet, string ageFlag, string age, string message)
    {
        await SeedAsync();
        string[] args = ["experiments", "propose", adSetFlag, adSet, ageFlag, age, "--db", Db];
        if (message.Contains("knitting", StringComparison.Ordinal))
        {
            args = [.. args, "--interests", "fitness,knitting"];
        }

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Stderr, StringComparison.Ordinal);
        var list = await CliRunner.RunAsync("experiments", "list", "--db", Db, "--json");
        Assert.Empty(JsonDocument.Parse(list.Stdout).RootElement.EnumerateArray());
    }

    [Fact]
    public async Task Propose_AnAdSetNoPullStored_FailsNamingIt()
    {
        await SeedAsync();

        var result = await CliRunner.RunAsync("experiments", "propose", "--ad-set", "tiktok:1700", "--age", "25-34", "--db", Db);

        Assert.Equal(1, result.ExitCode);
        Assert.Contains("ad set tiktok:1700 is not in the store's data", result.Stderr, StringComparison.Ordinal);
    }

    private async Task SeedAsync()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct);
        var time = TimeProvider.System;
        var storeId = await new StoreDirectory(database, time).UpsertAsync(
            new StoreProfile { ShopDomain = "shop.myshopify.com", Currency = "USD", TimeZone = "UTC", GrossMargin = 0.6m, DataSince = time.GetUtcNow().AddDays(-7) }, ct);
        var ingestion = new IngestionStore(database, time);
        await ingestion.UpsertAdAccountsAsync(storeId, [new AdAccountRecord(Platform.Instagram, "act_1", "Main", "USD")], ct);
        await ingestion.UpsertCampaignsAsync(storeId, [new CampaignRecord(Platform.Instagram, "c1", "act_1", "Prospecting", "ACTIVE")], ct);
        await ingestion.UpsertAdSetsAsync(
            storeId,
            [new AdSetRecord { Platform = Platform.Instagram, ExternalId = "as-9", CampaignExternalId = "c1", Name = "Broad", Status = "ACTIVE", DailyBudget = 100m, Currency = "USD" }],
            ct);
    }
}

using System.Collections;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Stores;
using Microsoft.Data.Sqlite;

namespace AdPilot.Cli.Tests.Commands;

public sealed class CreativesCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-creatives-").FullName;

    private string Db => $"sqlite:{Path.Combine(_folder, "adpilot.db")}";

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }

    [Fact]
    public async Task Tag_ThenList_StoresEveryAdWithItsSource_AndListsUntaggedApart()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct);
        await SeedStoreAsync(server.ShopDomain, server.World.Currency, server.World.StartUtc);
        var metaSets = server.World.AdSets.Where(a => a.Ref.Platform == Platform.Instagram).ToArray();
        var teaser = server.World.AdsOf(metaSets[0].Index).Single(a => a.Name.StartsWith("spring", StringComparison.Ordinal));
        var mapping = Path.Combine(_folder, "creatives.map");
        await File.WriteAllTextAsync(mapping, $"# the first ad set's teaser is a lifestyle video\nid:{teaser.Id} = lifestyle\n", ct);

        var tagged = await RunAsync(Environment(server), "creatives", "tag", "--mapping", mapping, "--json", "--db", Db);
        var listed = await RunAsync(Environment(server), "creatives", "list", "--db", Db);
        var untagged = await RunAsync(Environment(server), "creatives", "list", "--untagged", "--json", "--db", Db);

        Assert.True(tagged.ExitCode == 0, tagged.Stderr);
        using var json = JsonDocument.Parse(tagged.Stdout);
        var ads = json.RootElement.GetProperty("ads").EnumerateArray().ToList();
        var metaAds = metaSets.Sum(a => server.World.AdsOf(a.Index).Count);
        Assert.Equal(metaAds, ads.Count);
        Assert.Equal(metaSets.Length - 1, json.RootElement.GetProperty("untagged").GetInt32());
        var mapped = ads.Single(a => a.GetProperty("adId").GetString() == teaser.Id);
        Assert.Equal(("lifestyle", "mapping"), (mapped.GetProperty("type").GetString(), mapped.GetProperty("source").GetString()));
        Assert.Contains(ads, a => a.GetProperty("source").GetString() == "convention" && a.GetProperty("name").GetString() == "ugc_unboxing_v1" && a.GetProperty("type").GetString() == "ugc");

        Assert.Equal(0, listed.ExitCode);
        Assert.Contains($"UNTAGGED ({metaSets.Length - 1}): never rotated", listed.Stdout, StringComparison.Ordinal);
        Assert.Contains("no creative type in the name", listed.Stdout, StringComparison.Ordinal);
        using var untaggedJson = JsonDocument.Parse(untagged.Stdout);
        Assert.All(untaggedJson.RootElement.GetProperty("ads").EnumerateArray(), a => Assert.Equal(JsonValueKind.Null, a.GetProperty("type").ValueKind));
        Assert.Equal(metaSets.Length - 1, untaggedJson.RootElement.GetProperty("ads").GetArrayLength());
        Assert.DoesNotContain(server.Credentials.MetaAccessToken, tagged.Stdout + tagged.Stderr + listed.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Tag_BadMappingFile_IsABadArgumentNamingTheLineAndField()
    {
        await SeedStoreAsync("shop.myshopify.com", "USD", DateTimeOffset.UnixEpoch);
        var mapping = Path.Combine(_folder, "bad.map");
        await File.WriteAllTextAsync(mapping, "id:1 = ugc\nname:*sale* = promo\n", TestContext.Current.CancellationToken);

        var result = await RunAsync(new Hashtable(), "creatives", "tag", "--mapping", mapping, "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Equal($"adpilot: bad mapping file: {mapping}:2: type: 'promo' is not a creative type (ugc, lifestyle, product, discount, or none)", result.Stderr.Trim());
        Assert.Empty(result.Stdout);
    }

    [Fact]
    public async Task Tag_MissingMappingFile_IsABadArgument()
    {
        var result = await RunAsync(new Hashtable(), "creatives", "tag", "--mapping", Path.Combine(_folder, "nope.map"), "--db", Db);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("does not exist", result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task List_UnknownOption_IsABadArgument_AndHelpDescribesTheCommands()
    {
        var bad = await RunAsync(new Hashtable(), "creatives", "list", "--bogus");
        var help = await RunAsync(new Hashtable(), "creatives", "--help");

        Assert.Equal(2, bad.ExitCode);
        Assert.Single(bad.Stderr.Trim().Split('\n'));
        Assert.Equal(0, help.ExitCode);
        Assert.Contains("tag", help.Stdout, StringComparison.Ordinal);
        Assert.Contains("list", help.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Revert_AppliedRotation_PutsTheStatusesBack_AndASecondRevertIsRefused()
    {
        var ct = TestContext.Current.CancellationToken;
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, ct);
        var storeId = await SeedStoreAsync(server.ShopDomain, server.World.Currency, server.World.StartUtc);
        Assert.Equal(0, (await RunAsync(Environment(server), "creatives", "tag", "--db", Db)).ExitCode);
        var world = server.World;
        var adSet = world.AdSets.First(a => a.Ref.Platform == Platform.Instagram);
        var original = world.Ads.Select(a => world.AdStatusOf(a.Index)).ToArray();
        var running = world.ServedCreativeOf(adSet.Index)!.Value;
        var target = (CreativeType)(((int)running + 1) % 4);
        long rotationId;
        await using (var database = await StorageDatabase.OpenMigratedAsync(DatabaseTarget.Parse(Db), ct))
        {
            // A rotation as the cycle would apply it: the rotator over the sandbox's Meta API.
            var log = new AdPilot.Storage.Actions.ActionLog(database, world.Clock);
            var kill = new AdPilot.Runtime.Actuation.KillSwitchService(
                new AdPilot.Storage.Alerts.AlertStore(database, world.Clock), log, new AdPilot.Storage.Snapshots.BudgetSnapshotStore(database), world.Clock);
            var rotator = new AdPilot.Runtime.Creatives.CreativeRotator(log, new AdPilot.Storage.Creatives.CreativeStore(database), kill, world.Clock);
            var meta = new AdPilot.Sandbox.SimulatedAdPlatform(world, Platform.Instagram);
            var budget = new Money(world.SettingsOf(adSet.Index).DailyBudget, world.Currency);
            var current = new AdPilot.Core.Guardrails.AdSetSettings(budget, BidStrategy.LowestCost, running, AdSetStatus.Active);
            var proposed = current with { CreativeType = target };
            var entries = await rotator.RunAsync(
                new AdPilot.Runtime.Actuation.ActuationInput
                {
                    StoreId = storeId,
                    Account = meta.Account,
                    Hour = world.Clock.GetUtcNow(),
                    Stage = AdPilot.Core.Guardrails.RolloutStage.Expand,
                    Decisions = [new AdPilot.Core.Guardrails.GuardrailDecision(adSet.Ref, AdPilot.Core.Guardrails.GuardrailVerdict.Allow, proposed, proposed, [])],
                    AdSets = [new AdPilot.Core.Guardrails.GuardedAdSet { AdSet = adSet.Ref, CampaignId = "c", Current = current }],
                    Policy = new AdPilot.Runtime.Actuation.PolicyProvenance("bandit", "1"),
                },
                meta,
                ct);
            rotationId = Assert.Single(entries).Id;
            Assert.Equal(target, world.ServedCreativeOf(adSet.Index));
        }

        var reverted = await RunAsync(Environment(server), "creatives", "revert", rotationId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Db);
        var again = await RunAsync(Environment(server), "creatives", "revert", rotationId.ToString(System.Globalization.CultureInfo.InvariantCulture), "--db", Db);

        Assert.True(reverted.ExitCode == 0, reverted.Stderr);
        Assert.Contains($"Rotation {rotationId} reverted", reverted.Stdout, StringComparison.Ordinal);
        Assert.Equal(original, world.Ads.Select(a => world.AdStatusOf(a.Index)));
        Assert.Equal(2, again.ExitCode);
        Assert.Contains("is not an applied creative rotation", again.Stderr, StringComparison.Ordinal);
    }

    private static Hashtable Environment(SandboxServer server) => new()
    {
        ["Platforms__Accounts__0__Platform"] = "Instagram",
        ["Platforms__Accounts__0__AccountId"] = server.Meta.AccountId,
        ["Platforms__Accounts__0__Currency"] = server.World.Currency,
        ["Meta__BaseUrl"] = server.MetaBaseUrl.ToString(),
        ["Meta__AccessToken"] = server.Credentials.MetaAccessToken,
        ["Meta__AppSecret"] = server.Credentials.MetaAppSecret,
    };

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

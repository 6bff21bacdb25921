using System.Globalization;
using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Tests.Retraining;
using AdPilot.Runtime.Tests.Scheduling;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Loop;

/// <summary>
/// The live loop follows the checkpoint registry: the store's active version serves, a promotion or rollback switches each
/// account at its next cycle (a new episode, logged with both versions), a version whose file cannot be read leaves the
/// serving one in place, and a restarted worker goes on from its online file when it grew from the active version.
/// </summary>
public sealed class PolicyHostRegistryTests(PostgresCluster cluster) : IDisposable
{
    private const int SwitchedEvent = 6010;
    private const int UnusableEvent = 6011;
    private const int EpisodeEvent = 6002;
    private const int LoadedEvent = 6001;
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-registry-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Promote_Rollback_AndAnUnreadableVersion_SwitchEachAccountAtItsNextCycle()
    {
        var log = new RecordingLoggerFactory();
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.Sqlite, historyHours: 24, scenario: RetrainingWorld.TwoPlatforms(), loggers: log);
        var registry = new CheckpointStore(loop.Db.Database, loop.World.Clock);
        await registry.RegisterAsync(loop.StoreId, new CheckpointRecord("v1", "bandit", await WriteAsync("v1", LearningAgents.Create("bandit", 1)), "{}"), Ct);
        await registry.RegisterAsync(loop.StoreId, new CheckpointRecord("v2", "qlearning", await WriteAsync("v2", LearningAgents.Create("qlearning", 2)), "{}"), Ct);
        await registry.RegisterAsync(loop.StoreId, new CheckpointRecord("v3", "bandit", Path.Combine(_folder, "missing.ckpt"), "{}"), Ct);
        var accounts = loop.Accounts.Count;

        // No active version: the fallbacks serve (untrained here).
        var hour = await HourAsync(loop);
        Assert.All(hour, e => Assert.Equal(("bandit", null), (e.Decision.PolicyName, e.Decision.CheckpointVersion)));

        await registry.PromoteAsync(loop.StoreId, "v1", new CheckpointDecision("alice"), Ct);
        var episodes = Count(log, EpisodeEvent);
        Assert.All(await HourAsync(loop), e => Assert.Equal(("bandit", "v1"), (e.Decision.PolicyName, e.Decision.CheckpointVersion)));
        Assert.Equal(episodes + accounts, Count(log, EpisodeEvent));
        Assert.All(await HourAsync(loop), e => Assert.Equal("v1", e.Decision.CheckpointVersion));
        Assert.Equal(accounts, Count(log, SwitchedEvent));

        await registry.PromoteAsync(loop.StoreId, "v2", new CheckpointDecision("alice"), Ct);
        Assert.All(await HourAsync(loop), e => Assert.Equal(("qlearning", "v2"), (e.Decision.PolicyName, e.Decision.CheckpointVersion)));
        Assert.Equal("qlearning", loop.Parts.Policies.Describe(loop.StoreId, loop.Accounts[0])!.AgentKind);
        Assert.Equal(accounts, Messages(log, SwitchedEvent).Count(m => m.Contains("from checkpoint v1 to the registry's active v2", StringComparison.Ordinal)));

        await registry.RollbackAsync(loop.StoreId, "v1", new CheckpointDecision("bob"), Ct);
        Assert.All(await HourAsync(loop), e => Assert.Equal(("bandit", "v1"), (e.Decision.PolicyName, e.Decision.CheckpointVersion)));
        Assert.Equal(accounts, Messages(log, SwitchedEvent).Count(m => m.Contains("from checkpoint v2 to the registry's active v1", StringComparison.Ordinal)));

        // A version this worker cannot read: the serving one goes on, and the failure is logged every cycle.
        await registry.PromoteAsync(loop.StoreId, "v3", new CheckpointDecision("carol"), Ct);
        var switches = Count(log, SwitchedEvent);
        Assert.All(await HourAsync(loop), e => Assert.Equal("v1", e.Decision.CheckpointVersion));
        Assert.Equal((accounts, switches), (Count(log, UnusableEvent), Count(log, SwitchedEvent)));
        Assert.Contains(Messages(log, UnusableEvent), m => m.Contains("v3", StringComparison.Ordinal) && m.Contains("missing.ckpt", StringComparison.Ordinal));
        await registry.RollbackAsync(loop.StoreId, "v1", new CheckpointDecision("carol"), Ct);
        Assert.All(await HourAsync(loop), e => Assert.Equal("v1", e.Decision.CheckpointVersion));
        Assert.Equal(switches, Count(log, SwitchedEvent));
    }

    [Fact]
    public async Task Restart_WithTheSameActiveVersion_GoesOnFromTheOnlineFile_AndANewVersionStartsFromItsOwnFile()
    {
        var log = new RecordingLoggerFactory();
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.Sqlite, historyHours: 24, scenario: RetrainingWorld.TwoPlatforms(), loggers: log);
        var registry = new CheckpointStore(loop.Db.Database, loop.World.Clock);
        var v2 = await WriteAsync("v2", LearningAgents.Create("qlearning", 2));
        await registry.RegisterAsync(loop.StoreId, new CheckpointRecord("v1", "qlearning", await WriteAsync("v1", LearningAgents.Create("qlearning", 1)), "{}"), Ct);
        await registry.RegisterAsync(loop.StoreId, new CheckpointRecord("v2", "qlearning", v2, "{}"), Ct);
        await registry.PromoteAsync(loop.StoreId, "v1", new CheckpointDecision("alice"), Ct);
        await HourAsync(loop);
        await HourAsync(loop);
        var online = loop.Accounts.Select(a => loop.Parts.Policies.CheckpointPath(loop.StoreId, a)).ToList();
        Assert.All(online, path => Assert.Equal("v1", CheckpointFormat.Deserialize(File.ReadAllBytes(path)).Metadata["registry.version"]));

        await loop.RestartAsync();
        var loaded = Count(log, LoadedEvent);
        Assert.All(await HourAsync(loop), e => Assert.Equal(("qlearning", "v1"), (e.Decision.PolicyName, e.Decision.CheckpointVersion)));
        Assert.Equal(online.Order(StringComparer.Ordinal), Messages(log, LoadedEvent).Skip(loaded).Select(m => online.Single(p => m.EndsWith(p, StringComparison.Ordinal))).Order(StringComparer.Ordinal));

        await registry.PromoteAsync(loop.StoreId, "v2", new CheckpointDecision("alice"), Ct);
        await loop.RestartAsync();
        loaded = Count(log, LoadedEvent);
        Assert.All(await HourAsync(loop), e => Assert.Equal("v2", e.Decision.CheckpointVersion));
        Assert.All(Messages(log, LoadedEvent).Skip(loaded), m => Assert.EndsWith(v2, m, StringComparison.Ordinal));
        Assert.Equal(loop.Accounts.Count, Messages(log, LoadedEvent).Skip(loaded).Count());
    }

    private static async Task<List<ActionLogEntry>> HourAsync(LoopHarness loop)
    {
        var hour = (await loop.RunHourAsync(RolloutStage.Shadow))[0].Hour;
        var entries = (await loop.EntriesAsync()).Where(e => e.Decision.Hour == hour).ToList();
        Assert.Equal(2, entries.Count);
        return entries;
    }

    private static int Count(RecordingLoggerFactory log, int id) => log.Events.Count(e => e.Id.Id == id);

    private static List<string> Messages(RecordingLoggerFactory log, int id) => [.. log.Events.Where(e => e.Id.Id == id).Select(e => e.Message)];

    private async Task<string> WriteAsync(string name, ILearningAgent agent)
    {
        var path = Path.Combine(_folder, name + ".ckpt");
        var checkpoint = agent.ToCheckpoint(name, new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string>(StringComparer.Ordinal) { ["test"] = name.ToString(CultureInfo.InvariantCulture) });
        await File.WriteAllBytesAsync(path, CheckpointFormat.Serialize(checkpoint), Ct);
        return path;
    }
}

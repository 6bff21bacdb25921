using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Alerts;
using AdPilot.Runtime.Retraining;
using AdPilot.Runtime.Tests.Loop;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Features;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Retraining;

/// <summary>
/// The nightly retraining end to end on a SQLite database filled by real hourly cycles against the in-process sandbox
/// (two ad sets, a few simulated days, a few training episodes), with a scripted promotion gate for both outcomes.
/// </summary>
public sealed class RetrainingJobTests(PostgresCluster cluster) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("adpilot-retraining-").FullName;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Nightly_HoldsThenReusesItsNight_ThenTrainsOnTheServingVersion_PromotesIt_AndTheLoopSwitches()
    {
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.Sqlite, historyHours: 24, scenario: RetrainingWorld.TwoPlatforms());
        await loop.RunHoursAsync(48, RolloutStage.Shadow);
        var clock = loop.World.Clock;
        var db = loop.Db.Database;
        var gate = new ScriptedGate();
        var alertStore = new AlertStore(db, clock);
        var alerts = new AlertService(alertStore, new RewardStore(db, clock), null, new AlertNotifier(null, clock));
        var job = RetrainingJob.Create(db, Settings(), gate, clock, alerts, null);
        var registry = new CheckpointStore(db, clock);

        // A range without data fails, names why, and raises the alert; the next success resolves it.
        var empty = await Assert.ThrowsAsync<RetrainingException>(() => job.RunAsync(new RetrainingRequest(loop.StoreId, loop.World.StartUtc.AddDays(-3), loop.World.StartUtc.AddDays(-2)), null, Ct));
        Assert.Contains("nothing to calibrate", empty.Message, StringComparison.Ordinal);
        Assert.Equal(AlertKinds.RetrainingFailed, Assert.Single(await alertStore.ListOpenAsync(loop.StoreId, Ct)).Kind);

        // Night 1: trained from a fresh agent, registered as a candidate, held by the gate.
        var first = await job.RunAsync(new RetrainingRequest(loop.StoreId), null, Ct);

        var to = loop.Hour;
        var from = to.AddDays(-28);
        Assert.Equal(("nightly-" + TimeZoneInfo.ConvertTime(to, TimeZoneInfo.FindSystemTimeZoneById("America/New_York")).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture), "bandit", false, false, null),
            (first.Version, first.AgentKind, first.Promoted, first.Reused, first.Active));
        var data = first.Meta.Data!;
        var queries = new FeatureQueries(db);
        var insightHours = (await queries.AdSetInsightsAsync(loop.StoreId, from, to, Ct)).Select(r => r.Hour).Distinct().Count();
        var decisions = (await loop.EntriesAsync()).Count(e => e.Decision.PolicyName is not (ActionPolicies.Human or ActionPolicies.KillSwitch) && e.Decision.Hour < to);
        var orders = (await queries.OrdersAsync(loop.StoreId, from, to, Ct)).Count;
        Assert.Equal((from, to, insightHours, decisions, orders, 2), (data.From, data.To, data.Hours, data.Decisions, data.Orders, data.AdSets));
        Assert.True(insightHours >= 48 && decisions == 2 * 47 && orders > 0, $"{insightHours} hours, {decisions} decisions, {orders} orders");
        Assert.Equal((3, 2, 3, null), (first.Meta.Training!.Episodes, first.Meta.Training.DaysPerEpisode, first.Meta.Training.Scenarios, first.Meta.Training.StartedFrom));
        Assert.True(first.Meta.Training.Updates > 0);
        Assert.Equal((false, "dr", "the interval reaches below zero (test)", null), (first.Meta.Verdict!.Promote, first.Meta.Verdict.Method, first.Meta.Verdict.Reason, first.Meta.Verdict.JudgedAgainst));
        var asked = Assert.Single(gate.Requests);
        Assert.Equal((loop.StoreId, first.Path, null, from, to), (asked.StoreId, asked.CandidatePath, asked.CurrentPath, asked.From, asked.To));
        var stored = Assert.Single(await registry.ListAsync(loop.StoreId, Ct));
        Assert.Equal((first.Version, CheckpointStatus.Candidate, first.Path), (stored.Checkpoint.Version, stored.Status, stored.Checkpoint.ModelBlobLocation));
        Assert.Equal(to, CheckpointMeta.TryParse(stored.Checkpoint.MetaJson)!.Data!.To);
        var checkpoint = CheckpointFormat.Deserialize(await File.ReadAllBytesAsync(first.Path, Ct));
        Assert.Equal((first.Version, "bandit"), (checkpoint.RunId, LearningAgents.FromCheckpoint(checkpoint).Kind));
        Assert.Equal(from.ToString("O", System.Globalization.CultureInfo.InvariantCulture), checkpoint.Metadata["retraining.from"]);
        Assert.Equal(
            [$"{first.Version}.ckpt", $"{first.Version}.metrics.jsonl"],
            Directory.GetFileSystemEntries(Path.GetDirectoryName(first.Path)!).Select(Path.GetFileName).Order(StringComparer.Ordinal));
        Assert.Empty(await alertStore.ListOpenAsync(loop.StoreId, Ct));

        // The same night again (a recovered fire half an hour later): reported, never trained or registered twice.
        await job.RunNightAsync(loop.StoreId, to.AddMinutes(30), Ct);
        var rerun = await job.RunAsync(new RetrainingRequest(loop.StoreId), null, Ct);
        Assert.Equal((first.Version, true, first.Path), (rerun.Version, rerun.Reused, rerun.Path));
        Assert.Single(await registry.ListAsync(loop.StoreId, Ct));
        Assert.Single(gate.Requests);

        // A person promotes night 1; the loop serves it from the next cycle on.
        await registry.PromoteAsync(loop.StoreId, first.Version, new CheckpointDecision("alice"), Ct);
        await loop.RunHoursAsync(24, RolloutStage.Shadow);
        Assert.All((await loop.EntriesAsync()).Where(e => e.Decision.Hour > to), e => Assert.Equal(first.Version, e.Decision.CheckpointVersion));

        // Night 2: trained on from the serving version, judged against it, promoted by the gate.
        gate.Promote = true;
        var second = await job.RunAsync(new RetrainingRequest(loop.StoreId), null, Ct);

        Assert.NotEqual(first.Version, second.Version);
        Assert.Equal((true, false, second.Version, first.Version), (second.Promoted, second.Reused, second.Active, second.Meta.Training!.StartedFrom));
        Assert.Equal((first.Path, second.Path), (gate.Requests[1].CurrentPath, gate.Requests[1].CandidatePath));
        Assert.Equal(first.Version, second.Meta.Verdict!.JudgedAgainst);
        var promotion = (await registry.HistoryAsync(loop.StoreId, Ct))[0];
        Assert.Equal((second.Version, first.Version, RetrainingJob.DecidedBy, "the candidate is no worse (test)"), (promotion.Version, promotion.PreviousVersion, promotion.DecidedBy, promotion.Note));
        Assert.Equal(CheckpointStatus.Retired, (await registry.GetAsync(loop.StoreId, first.Version, Ct))!.Status);

        var hour = (await loop.RunHourAsync(RolloutStage.Shadow))[0].Hour;
        var latest = (await loop.EntriesAsync()).Where(e => e.Decision.Hour == hour).ToList();
        Assert.Equal(2, latest.Count);
        Assert.All(latest, e => Assert.Equal((second.Version, "bandit"), (e.Decision.CheckpointVersion, e.Decision.PolicyName)));
    }

    [Fact]
    public async Task Run_WhileAnotherRunOfTheNightHoldsItsLock_StopsWithoutAnAlert()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 15, 12, 30, 0, TimeSpan.Zero));
        var storeId = await Scheduling.SchedulingTestData.StoreAsync(db, clock);
        var alertStore = new AlertStore(db.Database, clock);
        var alerts = new AlertService(alertStore, new RewardStore(db.Database, clock), null, new AlertNotifier(null, clock));
        var job = RetrainingJob.Create(db.Database, Settings(), new ScriptedGate(), clock, alerts, null);
        var folder = Path.Combine(_folder, $"store-{storeId}");
        Directory.CreateDirectory(folder);
        using (new FileStream(Path.Combine(folder, "nightly-2026-03-15.lock"), FileMode.Create, FileAccess.ReadWrite, FileShare.None))
        {
            var busy = await Assert.ThrowsAsync<RetrainingException>(() => job.RunAsync(new RetrainingRequest(storeId), null, Ct));

            Assert.True(busy.AlreadyRunning);
            Assert.Contains("already running", busy.Message, StringComparison.Ordinal);
            Assert.Empty(await alertStore.ListOpenAsync(storeId, Ct));
        }

        var nothing = await Assert.ThrowsAsync<RetrainingException>(() => job.RunAsync(new RetrainingRequest(storeId), null, Ct));
        Assert.False(nothing.AlreadyRunning);
        Assert.Contains("retraining_failed", (await alertStore.ListOpenAsync(storeId, Ct)).Select(a => a.Kind));
        Assert.Empty(await new CheckpointStore(db.Database, clock).ListAsync(storeId, Ct));
    }

    [Fact]
    public async Task Run_RangeReachingPastTheCurrentHour_IsRefused()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 15, 12, 30, 0, TimeSpan.Zero));
        var storeId = await Scheduling.SchedulingTestData.StoreAsync(db, clock);
        var job = RetrainingJob.Create(db.Database, Settings(), new ScriptedGate(), clock, null, null);

        var future = await Assert.ThrowsAsync<ArgumentException>(() => job.RunAsync(new RetrainingRequest(storeId, To: clock.GetUtcNow().AddHours(2).AddMinutes(-30)), null, Ct));
        var ragged = await Assert.ThrowsAsync<ArgumentException>(() => job.RunAsync(new RetrainingRequest(storeId, To: clock.GetUtcNow().AddHours(-2)), null, Ct));

        Assert.Contains("after the last complete hour", future.Message, StringComparison.Ordinal);
        Assert.Contains("whole UTC hours", ragged.Message, StringComparison.Ordinal);
    }

    private RetrainingSettings Settings() =>
        new RetrainingOptions { Episodes = 3, EpisodeDays = 2, Directory = _folder, WindowDays = 28 }.Snapshot("bandit");
}

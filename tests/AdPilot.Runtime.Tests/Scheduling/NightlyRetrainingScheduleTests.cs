using System.Collections.Concurrent;
using AdPilot.Runtime.Scheduling;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;
using Quartz;
using static AdPilot.Runtime.Tests.Scheduling.SchedulingTestData;

namespace AdPilot.Runtime.Tests.Scheduling;

/// <summary>The nightly retraining on the cycle scheduler: when it fires, that it fires, and that disabling it removes its jobs.</summary>
public sealed class NightlyRetrainingScheduleTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData("2026-03-06T12:00:00Z", "2026-03-07T08:30:00Z")]
    [InlineData("2026-03-08T12:00:00Z", "2026-03-09T07:30:00Z")]
    [InlineData("2026-03-09T07:29:00Z", "2026-03-09T07:30:00Z")]
    public void ScheduleFor_FiresAtHalfPastTheLocalHour_InTheStoresZone_AcrossDaylightSaving(string after, string expected)
    {
        var plan = new NightlyRetrainingPlan(new RecordingRetraining(), [new ScheduledRetraining(1, "America/New_York")], LocalHour: 3);
        var schedule = plan.ScheduleFor(plan.Stores[0]);
        var start = DateTimeOffset.Parse(after, System.Globalization.CultureInfo.InvariantCulture);
        var trigger = TriggerBuilder.Create().WithSchedule(schedule.Build()).StartAt(start).Build();

        var next = trigger.GetFireTimeAfter(start);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), next);
        Assert.Equal("daily at 03:30 America/New_York", schedule.Description);
    }

    [Fact]
    public async Task StartAsync_WithARetrainingPlan_RunsEachStoresNightBesideTheCycles()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var retraining = new RecordingRetraining();
        var plan = new NightlyRetrainingPlan(retraining, [new ScheduledRetraining(storeId, "America/New_York")], 3) { ScheduleOverride = _ => EverySecond };
        var log = new RecordingLoggerFactory();
        await using var scheduler = new CycleScheduler(
            new RecordingRunner(), new CycleRunStore(db.Database, TimeProvider.System), Accounts(storeId, 1), db.Target, Options("solo"), TimeProvider.System, log, EverySecond, plan);

        await scheduler.StartAsync(Ct);
        await WaitUntilAsync(() => Task.FromResult(retraining.Nights.Count >= 2), "the retraining to fire twice", log);
        await scheduler.StopAsync(Ct);

        Assert.All(retraining.Nights, n => Assert.Equal(storeId, n.StoreId));
        Assert.Equal([storeId], scheduler.RetrainedStores.Select(s => s.StoreId));
        Assert.Contains(log.Events, e => e.Id.Id == 7010 && e.Message.Contains($"store {storeId}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_RetrainingDisabled_DeletesTheNightlyJobsAnEarlierStartStored()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.PostgreSql);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CycleRunStore(db.Database, TimeProvider.System);
        var plan = new NightlyRetrainingPlan(new RecordingRetraining(), [new ScheduledRetraining(storeId, "America/New_York")], 3);
        await using (var enabled = new CycleScheduler(new RecordingRunner(), ledger, Accounts(storeId, 1), db.Target, Options("worker-a"), TimeProvider.System, null, plan))
        {
            await enabled.StartAsync(Ct);
            await enabled.StopAsync(Ct);
        }

        var stored = await NightlyJobsAsync(db);
        var log = new RecordingLoggerFactory();
        await using (var disabled = new CycleScheduler(new RecordingRunner(), ledger, Accounts(storeId, 1), db.Target, Options("worker-a"), TimeProvider.System, log))
        {
            await disabled.StartAsync(Ct);
            await disabled.StopAsync(Ct);
        }

        Assert.Equal([$"store-{storeId}"], stored);
        Assert.Empty(await NightlyJobsAsync(db));
        Assert.Contains(log.Events, e => e.Id.Id == 7011);
    }

    private static async Task<List<string>> NightlyJobsAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenConnectionAsync(Ct);
        return [.. await connection.QueryAsync<string>("SELECT job_name FROM qrtz_job_details WHERE job_group = @group", new { group = CycleScheduler.RetrainingJobGroup })];
    }

    private sealed class RecordingRetraining : IRetrainingRunner
    {
        public ConcurrentQueue<(long StoreId, DateTimeOffset ScheduledUtc)> Nights { get; } = new();

        public Task RunNightAsync(long storeId, DateTimeOffset scheduledUtc, CancellationToken cancellationToken)
        {
            Nights.Enqueue((storeId, scheduledUtc));
            return Task.CompletedTask;
        }
    }
}

using AdPilot.Runtime.Scheduling;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;
using Npgsql;
using static AdPilot.Runtime.Tests.Scheduling.SchedulingTestData;

namespace AdPilot.Runtime.Tests.Scheduling;

/// <summary>
/// Several workers on one PostgreSQL, as in production: two real Quartz schedulers (two instance ids, one process) on the
/// clustered job store, with the ledger on the same database.
/// </summary>
public sealed class ClusteredCycleSchedulerTests(PostgresCluster cluster)
{
    [Fact]
    public async Task StartAsync_TwoWorkers_RunEachAccountHourExactlyOnceAcrossTheCluster()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.PostgreSql);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CountingLedger(new CycleRunStore(db.Database, TimeProvider.System));
        var accounts = Accounts(storeId, 4);
        var (runnerA, runnerB) = (new RecordingRunner(), new RecordingRunner());
        await using var a = new CycleScheduler(runnerA, ledger, accounts, db.Target, Options("worker-a"), TimeProvider.System, null, EverySecond);
        await using var b = new CycleScheduler(runnerB, ledger, accounts, db.Target, Options("worker-b"), TimeProvider.System, null, EverySecond);

        await Task.WhenAll(a.StartAsync(Ct), b.StartAsync(Ct));
        await WaitUntilAsync(() => Task.FromResult(ledger.Claims >= 3 * accounts.Count), "every account's trigger to fire three times");
        await Task.WhenAll(a.StopAsync(Ct), b.StopAsync(Ct));

        var all = runnerA.Runs.Concat(runnerB.Runs).ToList();
        Assert.All(all.GroupBy(r => r), g => Assert.Single(g));
        Assert.Equal(accounts.Select(x => x.Account.ToString()).Order(), all.Select(r => r.Account.ToString()).Distinct().Order());
        var hours = all.Select(r => r.HourUtc).Distinct().ToList();
        var runs = await ledger.ListAsync(storeId, hours.Min(), hours.Max().AddHours(1), Ct);
        Assert.Equal(all.Count, runs.Count);
        Assert.All(runs, r => Assert.Equal((CycleRunStatus.Succeeded, 1), (r.Status, r.Attempts)));
        Assert.All(runs, r => Assert.Contains(r.Worker, new[] { "worker-a", "worker-b" }));
    }

    [Fact]
    public async Task StartAsync_WorkerStopsCheckingInMidCycle_AnotherRecoversTheSameAccountHourOnce()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.PostgreSql);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CycleRunStore(db.Database, TimeProvider.System);
        var accounts = Accounts(storeId, 1);
        // Worker A's Quartz reaches PostgreSQL as a role of its own, so the test can cut A off from the database while its
        // cycle is running: A can then neither check in nor finish, as when its machine dies or loses the network.
        var role = $"worker_a_{Guid.NewGuid():N}";
        await using (var admin = await db.Database.OpenConnectionAsync(Ct))
        {
            await admin.ExecuteAsync($"CREATE ROLE {role} LOGIN SUPERUSER");
        }

        var targetA = DatabaseTarget.Parse(new NpgsqlConnectionStringBuilder(db.Target.ConnectionString) { Username = role }.ConnectionString);
        var (blocked, runnerB) = (new RecordingRunner(blocks: true), new RecordingRunner());
        var (logA, logB) = (new RecordingLoggerFactory(), new RecordingLoggerFactory());
        await using var a = new CycleScheduler(blocked, ledger, accounts, targetA, Options("worker-a"), TimeProvider.System, logA, OnceNow);
        await using var b = new CycleScheduler(runnerB, ledger, accounts, db.Target, Options("worker-b"), TimeProvider.System, logB, OnceNow);

        await a.StartAsync(Ct);
        var work = await blocked.Entered.WaitAsync(TimeSpan.FromSeconds(20), TimeProvider.System, Ct);
        await using (var admin = await db.Database.OpenConnectionAsync(Ct))
        {
            await admin.ExecuteAsync($"ALTER ROLE {role} NOLOGIN");
            await admin.ExecuteAsync("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = @role", new { role });
        }

        await b.StartAsync(Ct);
        await WaitUntilAsync(
            async () => (await ledger.ListAsync(storeId, work.HourUtc, work.HourUtc.AddHours(1), Ct)).SingleOrDefault()?.Status == CycleRunStatus.Succeeded,
            "worker B to recover A's cycle");
        await b.StopAsync(Ct);
        // A comes back and is stopped; its cycle, cancelled, finishes late and must not overwrite B's outcome.
        await using (var admin = await db.Database.OpenConnectionAsync(Ct))
        {
            await admin.ExecuteAsync($"ALTER ROLE {role} LOGIN");
        }

        await a.DisposeAsync();
        await WaitUntilAsync(() => Task.FromResult(logA.Events.Any(e => e.Id.Id == 7007)), "worker A's late finish to be refused");

        Assert.Equal(work, Assert.Single(runnerB.Runs));
        Assert.Equal(work, Assert.Single(blocked.Runs));
        var run = Assert.Single(await ledger.ListAsync(storeId, work.HourUtc, work.HourUtc.AddHours(1), Ct));
        Assert.Equal((CycleRunStatus.Succeeded, "worker-b", 2), (run.Status, run.Worker, run.Attempts));
        Assert.Contains(logB.Events, e => e.Id.Id == 7002 && e.Message.Contains("recovering a dead worker's job", StringComparison.Ordinal));
    }

    [Fact]
    public async Task StartAsync_AccountsOrScheduleChanged_UpdatesTheStoredJobs()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.PostgreSql);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CycleRunStore(db.Database, TimeProvider.System);
        await using (var before = new CycleScheduler(new RecordingRunner(), ledger, Accounts(storeId, 3), db.Target, Options("worker-a"), TimeProvider.System, null, EverySecond))
        {
            await before.StartAsync(Ct);
            await before.StopAsync(Ct);
        }

        var stored = await StoredTriggersAsync(db);
        var accounts = Accounts(storeId, 2);
        await using (var after = new CycleScheduler(new RecordingRunner(), ledger, accounts, db.Target, Options("worker-b"), TimeProvider.System, null))
        {
            await after.StartAsync(Ct);
            await after.StopAsync(Ct);
        }

        Assert.Equal(3, stored.Count);
        Assert.All(stored, t => Assert.Equal(EverySecond.Description, t.Description));
        var kept = await StoredTriggersAsync(db);
        Assert.Equal(accounts.Select(a => CycleScheduler.JobKeyOf(a).Name).Order(StringComparer.Ordinal), kept.Select(t => t.JobName));
        Assert.All(kept, t => Assert.Equal("hourly at minute 5 UTC", t.Description));
    }

    [Fact]
    public async Task StartAsync_HourlyFireMissedWhileNoWorkerRan_RunsOnceLateForTheHourItWasScheduledFor()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.PostgreSql);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CycleRunStore(db.Database, TimeProvider.System);
        var accounts = Accounts(storeId, 1);
        await using (var before = new CycleScheduler(new RecordingRunner(), ledger, accounts, db.Target, Options("worker-a"), TimeProvider.System, null))
        {
            await before.StartAsync(Ct);
            await before.StopAsync(Ct);
        }

        // Every worker was down since two hours ago: the stored trigger still waits for the fire it was due to make then.
        // Quartz keeps instants as ticks or Unix milliseconds depending on version; match the unit of what it stored.
        var thisHour = AccountHourJob.HourOf(TimeProvider.System.GetUtcNow());
        var missed = thisHour.AddHours(-2).AddMinutes(5);
        await using (var connection = await db.Database.OpenConnectionAsync(Ct))
        {
            var next = await connection.ExecuteScalarAsync<long>("SELECT next_fire_time FROM qrtz_triggers WHERE trigger_group = @group", new { group = CycleScheduler.JobGroup });
            var expected = thisHour.AddMinutes(5) > TimeProvider.System.GetUtcNow() ? thisHour.AddMinutes(5) : thisHour.AddHours(1).AddMinutes(5);
            var inTicks = next == expected.UtcTicks;
            Assert.True(inTicks || next == expected.ToUnixTimeMilliseconds(), $"the stored next fire time {next} is the next minute 5 ({expected:O})");
            await connection.ExecuteAsync(
                "UPDATE qrtz_triggers SET next_fire_time = @missed WHERE trigger_group = @group",
                new { missed = inTicks ? missed.UtcTicks : missed.ToUnixTimeMilliseconds(), group = CycleScheduler.JobGroup });
        }

        var runner = new RecordingRunner();
        await using var after = new CycleScheduler(runner, ledger, accounts, db.Target, Options("worker-b"), TimeProvider.System, null);
        await after.StartAsync(Ct);
        var work = await runner.Entered.WaitAsync(TimeSpan.FromSeconds(20), TimeProvider.System, Ct);
        await after.StopAsync(Ct);

        Assert.Equal(thisHour.AddHours(-2), work.HourUtc);
        Assert.Single(runner.Runs);
        var run = Assert.Single(await ledger.ListAsync(storeId, thisHour.AddHours(-3), thisHour.AddHours(2), Ct));
        Assert.Equal((thisHour.AddHours(-2), CycleRunStatus.Succeeded, "worker-b"), (run.Hour, run.Status, run.Worker));
    }

    /// <summary>What Quartz stored: its own tables, read only to check what the scheduler asked it to keep.</summary>
    private static async Task<List<(string JobName, string Description)>> StoredTriggersAsync(TestDatabase db)
    {
        await using var connection = await db.Database.OpenConnectionAsync(Ct);
        var rows = await connection.QueryAsync<(string, string)>(
            "SELECT j.job_name, t.description FROM qrtz_job_details j JOIN qrtz_triggers t USING (sched_name, job_name, job_group) "
            + "WHERE j.job_group = @group ORDER BY j.job_name COLLATE \"C\"",
            new { group = CycleScheduler.JobGroup });
        return [.. rows];
    }
}

using AdPilot.Runtime.Scheduling;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;
using static AdPilot.Runtime.Tests.Scheduling.SchedulingTestData;

namespace AdPilot.Runtime.Tests.Scheduling;

/// <summary>The scheduler on the embedded default: SQLite ledger, Quartz's in-memory store.</summary>
public sealed class CycleSchedulerTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Now = new(2026, 3, 15, 12, 34, 56, TimeSpan.Zero);
    private static readonly DateTimeOffset Hour = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task RunOnceAsync_Twice_RunsEachAccountsCurrentHourOnce()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var clock = new FakeTimeProvider(Now);
        var storeId = await StoreAsync(db, clock);
        var ledger = new CycleRunStore(db.Database, clock);
        var runner = new RecordingRunner();
        await using var scheduler = new CycleScheduler(runner, ledger, Accounts(storeId, 3), db.Target, Options("solo"), clock, null);

        var first = await scheduler.RunOnceAsync(Ct);
        var second = await scheduler.RunOnceAsync(Ct);

        Assert.All(first, r => Assert.Equal((AccountHourOutcome.Succeeded, Hour), (r.Outcome, r.Work.HourUtc)));
        Assert.All(second, r => Assert.Equal(AccountHourOutcome.AlreadySucceeded, r.Outcome));
        Assert.Equal(scheduler.Accounts.Select(a => a.Account), runner.Runs.Select(r => r.Account));
        var runs = await ledger.ListAsync(storeId, Hour, Hour.AddHours(1), Ct);
        Assert.Equal(3, runs.Count);
        Assert.All(runs, r => Assert.Equal((CycleRunStatus.Succeeded, "solo", 1), (r.Status, r.Worker, r.Attempts)));
        Assert.All(runs, r => Assert.Contains(r.AccountId, r.SummaryJson, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunOnceAsync_CycleThrows_RecordsFailedAndRunsItAgainNextTime()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var clock = new FakeTimeProvider(Now);
        var storeId = await StoreAsync(db, clock);
        var ledger = new CycleRunStore(db.Database, clock);
        var accounts = Accounts(storeId, 2);
        var failing = new RecordingRunner(fails: w => w.Account == accounts[0].Account);
        await using (var scheduler = new CycleScheduler(failing, ledger, accounts, db.Target, Options("solo"), clock, null))
        {
            var first = await scheduler.RunOnceAsync(Ct);

            Assert.Equal([AccountHourOutcome.Failed, AccountHourOutcome.Succeeded], first.Select(r => r.Outcome));
            Assert.Contains("the platform refused", first[0].Error, StringComparison.Ordinal);
        }

        await using var retry = new CycleScheduler(new RecordingRunner(), ledger, accounts, db.Target, Options("solo"), clock, null);
        var second = await retry.RunOnceAsync(Ct);

        Assert.Equal([AccountHourOutcome.Succeeded, AccountHourOutcome.AlreadySucceeded], second.Select(r => r.Outcome));
        var runs = await ledger.ListAsync(storeId, Hour, Hour.AddHours(1), Ct);
        var retried = Assert.Single(runs, r => r.AccountId == accounts[0].Account.AccountId);
        Assert.Equal((CycleRunStatus.Succeeded, 2, null), (retried.Status, retried.Attempts, retried.Error));
    }

    [Fact]
    public async Task StartAsync_InMemoryStore_FiresEachAccountAndRunsEachAccountHourOnce()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CountingLedger(new CycleRunStore(db.Database, TimeProvider.System));
        var runner = new RecordingRunner();
        var accounts = Accounts(storeId, 3);
        await using var scheduler = new CycleScheduler(runner, ledger, accounts, db.Target, Options("solo"), TimeProvider.System, null, EverySecond);

        await scheduler.StartAsync(Ct);
        await WaitUntilAsync(() => Task.FromResult(ledger.Claims >= 2 * accounts.Count), "every account's trigger to fire twice");
        await scheduler.StopAsync(Ct);

        Assert.All(runner.Runs.GroupBy(r => r), g => Assert.Single(g));
        Assert.Equal(accounts.Select(a => a.Account.ToString()).Order(), runner.Runs.Select(r => r.Account.ToString()).Distinct().Order());
        var hours = runner.Runs.Select(r => r.HourUtc).Distinct().ToList();
        var runs = await ledger.ListAsync(storeId, hours.Min(), hours.Max().AddHours(1), Ct);
        Assert.Equal(runner.Runs.Count, runs.Count);
        Assert.All(runs, r => Assert.Equal((CycleRunStatus.Succeeded, 1), (r.Status, r.Attempts)));
    }

    [Fact]
    public async Task StopAsync_CycleRunning_WaitsForItToFinish()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CycleRunStore(db.Database, TimeProvider.System);
        var gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var runner = new RecordingRunner(gate: gate.Task);
        await using var scheduler = new CycleScheduler(runner, ledger, Accounts(storeId, 1), db.Target, Options("solo"), TimeProvider.System, null, EverySecond);
        await scheduler.StartAsync(Ct);
        var work = await runner.Entered.WaitAsync(TimeSpan.FromSeconds(20), TimeProvider.System, Ct);

        var stopping = scheduler.StopAsync(Ct);
        var stoppedBeforeTheCycleFinished = stopping.IsCompleted;
        gate.SetResult();
        await stopping;

        Assert.False(stoppedBeforeTheCycleFinished);
        var run = Assert.Single(await ledger.ListAsync(storeId, work.HourUtc, work.HourUtc.AddHours(1), Ct));
        Assert.Equal(CycleRunStatus.Succeeded, run.Status);
        Assert.Single(runner.Runs);
    }

    [Fact]
    public async Task StopAsync_Cancelled_CancelsTheRunningCycleAndRecordsItFailed()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var storeId = await StoreAsync(db, TimeProvider.System);
        var ledger = new CycleRunStore(db.Database, TimeProvider.System);
        var runner = new RecordingRunner(blocks: true);
        var log = new RecordingLoggerFactory();
        await using var scheduler = new CycleScheduler(runner, ledger, Accounts(storeId, 1), db.Target, Options("solo"), TimeProvider.System, log, EverySecond);
        await scheduler.StartAsync(Ct);
        var work = await runner.Entered.WaitAsync(TimeSpan.FromSeconds(20), TimeProvider.System, Ct);
        using var giveUp = new CancellationTokenSource();

        var stopping = scheduler.StopAsync(giveUp.Token);
        await giveUp.CancelAsync();
        await stopping;

        await WaitUntilAsync(
            async () => (await ledger.ListAsync(storeId, work.HourUtc, work.HourUtc.AddHours(1), Ct)).Single().Status == CycleRunStatus.Failed,
            "the cancelled cycle to be recorded",
            log);
        var run = Assert.Single(await ledger.ListAsync(storeId, work.HourUtc, work.HourUtc.AddHours(1), Ct));
        Assert.StartsWith("cancelled", run.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("2026-03-15T12:05:00Z", "2026-03-15T12:00:00Z")]
    [InlineData("2026-03-15T12:59:59.999Z", "2026-03-15T12:00:00Z")]
    [InlineData("2026-03-15T13:00:00Z", "2026-03-15T13:00:00Z")]
    [InlineData("2026-03-15T08:30:00-04:00", "2026-03-15T12:00:00Z")]
    public void HourOf_AnInstant_IsItsUtcHour(string instant, string hour)
    {
        var result = AccountHourJob.HourOf(DateTimeOffset.Parse(instant, System.Globalization.CultureInfo.InvariantCulture));

        Assert.Equal(DateTimeOffset.Parse(hour, System.Globalization.CultureInfo.InvariantCulture), result);
        Assert.Equal(TimeSpan.Zero, result.Offset);
    }

    [Fact]
    public void Constructor_InvalidOptions_ThrowsNamingTheSetting()
    {
        var options = new CycleSchedulerOptions { MinutePastHour = 60 };

        var ex = Assert.Throws<ArgumentException>(() => new CycleScheduler(
            new RecordingRunner(), new CountingLedger(null!), [], DatabaseTarget.Sqlite(Path.Combine(Path.GetTempPath(), "never-opened.db")), options, TimeProvider.System, null));

        Assert.Contains("MinutePastHour", ex.Message, StringComparison.Ordinal);
    }
}

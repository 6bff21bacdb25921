using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Scheduling;
using AdPilot.Storage.Stores;
using AdPilot.Storage.Tests.Infrastructure;
using Quartz;

namespace AdPilot.Runtime.Tests.Scheduling;

/// <summary>Stores, accounts, fast schedules and a patient wait for the scheduler tests.</summary>
internal static class SchedulingTestData
{
    public static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Fires every second: every fire within one hour is the same account-hour.</summary>
    public static CycleSchedule EverySecond { get; } =
        new("every second (test)", () => SimpleScheduleBuilder.Create().WithInterval(TimeSpan.FromSeconds(1)).RepeatForever());

    /// <summary>Fires once, now: a second run of the account-hour can only come from recovery.</summary>
    public static CycleSchedule OnceNow { get; } =
        new("once, now (test)", () => SimpleScheduleBuilder.Create().WithRepeatCount(0));

    public static async Task<long> StoreAsync(TestDatabase db, TimeProvider time) =>
        await new StoreDirectory(db.Database, time).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = "cycles.myshopify.com",
                Currency = "USD",
                TimeZone = "America/New_York",
                GrossMargin = 0.6m,
                DataSince = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero),
            },
            Ct);

    public static IReadOnlyList<ScheduledAccount> Accounts(long storeId, int count) =>
        [.. Enumerable.Range(1, count).Select(i => new ScheduledAccount(
            storeId, new AdAccountRef(i % 2 == 0 ? Platform.Instagram : Platform.TikTok, $"acct-{i}", "USD")))];

    public static CycleSchedulerOptions Options(string worker) => new()
    {
        WorkerId = worker,
        ClusterCheckinInterval = TimeSpan.FromMilliseconds(500),
        ClusterCheckinMisfireThreshold = TimeSpan.FromSeconds(1),
        MisfireThreshold = TimeSpan.FromSeconds(5),
    };

    /// <summary>Polls until the condition holds; fails the test after a generous bound (it is not a speed assertion).</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string what, RecordingLoggerFactory? log = null)
    {
        var deadline = TimeProvider.System.GetTimestamp();
        while (!await condition())
        {
            if (TimeProvider.System.GetElapsedTime(deadline) > TimeSpan.FromSeconds(25))
            {
                Assert.Fail($"waited 25 s for {what}; log: {string.Join(" | ", log?.Events.Select(e => $"{e.Id.Id} {e.Message}") ?? [])}");
            }

            await Task.Delay(TimeSpan.FromMilliseconds(100), TimeProvider.System, Ct);
        }
    }
}

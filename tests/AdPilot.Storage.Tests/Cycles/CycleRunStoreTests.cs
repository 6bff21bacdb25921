using AdPilot.Core.Domain;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Cycles;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Cycles;

public sealed class CycleRunStoreTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task TryStart_AfterSuccess_ReturnsNullAndKeepsTheRun(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var ledger = new CycleRunStore(db.Database, clock);

        var claim = await ledger.TryStartAsync(storeId, Platform.Instagram, "act_1", Hour, "worker-a", Ct);
        clock.Advance(TimeSpan.FromMinutes(3));
        var recorded = await ledger.CompleteAsync(claim!, succeeded: true, """{"decisions": 2}""", null, Ct);
        var again = await ledger.TryStartAsync(storeId, Platform.Instagram, "act_1", Hour, "worker-b", Ct);

        Assert.NotNull(claim);
        Assert.Equal((1, "worker-a", Hour), (claim.Attempt, claim.Worker, claim.Hour));
        Assert.True(recorded);
        Assert.Null(again);
        var run = Assert.Single(await ledger.ListAsync(storeId, Hour, Hour.AddHours(1), Ct));
        Assert.Equal((CycleRunStatus.Succeeded, "worker-a", 1), (run.Status, run.Worker, run.Attempts));
        Assert.Equal((Platform.Instagram, "act_1", Hour), (run.Platform, run.AccountId, run.Hour));
        Assert.Equal(clock.GetUtcNow().AddMinutes(-3), run.StartedAt);
        Assert.Equal(clock.GetUtcNow(), run.FinishedAt);
        Assert.Null(run.Error);
        Assert.Contains("\"decisions\"", run.SummaryJson, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task TryStart_AfterFailureOrAbandonedRun_ClaimsAgainWithOneMoreAttempt(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var ledger = new CycleRunStore(db.Database, clock);

        var first = await ledger.TryStartAsync(storeId, Platform.TikTok, "adv-1", Hour, "worker-a", Ct);
        await ledger.CompleteAsync(first!, succeeded: false, null, new string('x', 5000), Ct);
        var failed = Assert.Single(await ledger.ListAsync(storeId, Hour, Hour.AddHours(1), Ct));
        var second = await ledger.TryStartAsync(storeId, Platform.TikTok, "adv-1", Hour, "worker-b", Ct);
        var third = await ledger.TryStartAsync(storeId, Platform.TikTok, "adv-1", Hour, "worker-c", Ct);
        var stale = await ledger.CompleteAsync(second!, succeeded: false, null, "worker b gave up", Ct);
        var latest = await ledger.CompleteAsync(third!, succeeded: true, null, null, Ct);

        Assert.Equal((CycleRunStatus.Failed, CycleRunStore.MaxErrorLength), (failed.Status, failed.Error!.Length));
        Assert.Equal((2, 3), (second!.Attempt, third!.Attempt));
        Assert.False(stale);
        Assert.True(latest);
        var run = Assert.Single(await ledger.ListAsync(storeId, Hour, Hour.AddHours(1), Ct));
        Assert.Equal((CycleRunStatus.Succeeded, "worker-c", 3, null), (run.Status, run.Worker, run.Attempts, run.Error));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task List_ReturnsTheHoursInTheRangeByHourThenAccount(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var ledger = new CycleRunStore(db.Database, clock);
        foreach (var hour in new[] { Hour.AddHours(1), Hour, Hour.AddHours(-1), Hour.AddHours(2) })
        {
            await ledger.TryStartAsync(storeId, Platform.TikTok, "adv-2", hour, "w", Ct);
            await ledger.TryStartAsync(storeId, Platform.Instagram, "act_1", hour, "w", Ct);
        }

        var runs = await ledger.ListAsync(storeId, Hour, Hour.AddHours(2), Ct);

        Assert.Equal(
            [(Hour, "act_1"), (Hour, "adv-2"), (Hour.AddHours(1), "act_1"), (Hour.AddHours(1), "adv-2")],
            runs.Select(r => (r.Hour, r.AccountId)));
        Assert.All(runs, r => Assert.Equal(CycleRunStatus.Running, r.Status));
    }

    [Fact]
    public async Task TryStart_NotAWholeHour_Throws()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var ledger = new CycleRunStore(db.Database, Builders.Clock());

        await Assert.ThrowsAsync<ArgumentException>(() => ledger.TryStartAsync(1, Platform.TikTok, "adv-1", Hour.AddMinutes(5), "w", Ct));
    }
}

using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Dashboard;
using AdPilot.Storage.Ingestion;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Tests.Actions;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Dashboard;

public sealed class DashboardQueriesTests(PostgresCluster cluster)
{
    // 03:00 UTC on 1 March is 22:00 on 28 February in New York (the store's zone): two hours, two local days.
    private static readonly DateTimeOffset Hour = new(2026, 3, 1, 3, 0, 0, TimeSpan.Zero);
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Performance_ByHourAndByStoreDay_SumsMoneyExactlyPerPlatform(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        await SeedRewardsAsync(db, clock, storeId);
        var queries = new DashboardQueries(db.Database);

        var hourly = await queries.PerformanceAsync(storeId, Hour, Hour.AddHours(24), TimeBucket.Hour, NewYork, Ct);
        var daily = await queries.PerformanceAsync(storeId, Hour, Hour.AddHours(24), TimeBucket.Day, NewYork, Ct);

        Assert.Equal(
            [
                new PerformancePoint(Hour, Platform.Instagram, 20.20m, 60.30m, 24.12m, 15.98m, 3),
                new PerformancePoint(Hour.AddHours(5), Platform.TikTok, 5m, 10m, 4m, 1m, 1),
                new PerformancePoint(Hour.AddHours(5), Platform.Instagram, 0.10m, 0m, 0m, -0.10m, 0),
            ],
            hourly);
        var feb28 = new DateTimeOffset(2026, 2, 28, 5, 0, 0, TimeSpan.Zero);
        var mar1 = new DateTimeOffset(2026, 3, 1, 5, 0, 0, TimeSpan.Zero);
        Assert.Equal(
            [
                new PerformancePoint(feb28, Platform.Instagram, 20.20m, 60.30m, 24.12m, 15.98m, 3),
                new PerformancePoint(mar1, Platform.TikTok, 5m, 10m, 4m, 1m, 1),
                new PerformancePoint(mar1, Platform.Instagram, 0.10m, 0m, 0m, -0.10m, 0),
            ],
            daily);
        Assert.Equal(2.9851m, daily[0].Roas);
        Assert.Empty(await queries.PerformanceAsync(storeId, Hour.AddHours(6), Hour.AddHours(24), TimeBucket.Hour, NewYork, Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Creatives_And_DailyRewards_GroupTheRewardsOfTheRange(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        await SeedRewardsAsync(db, clock, storeId);
        var log = new ActionLog(db.Database, clock);
        var tiktok = new AdSetRef(Platform.TikTok, "ag9");
        await log.RecordAsync(storeId, ActionLogTests.Decision("ag9@1", ActionStatus.Shadow) with { AdSet = tiktok, StateJson = """{"creative_type":"Lifestyle"}""" }, Ct);
        await log.RecordAsync(storeId, ActionLogTests.Decision("ag9@2", ActionStatus.Shadow) with { AdSet = tiktok, StateJson = """{"creative_type":"Discount"}""" }, Ct);
        await log.RecordAsync(storeId, ActionLogTests.Decision("ag9@3", ActionStatus.Shadow) with { AdSet = tiktok, PolicyName = "human", StateJson = "{}" }, Ct);
        var queries = new DashboardQueries(db.Database);

        var creatives = await queries.CreativesAsync(storeId, Hour, Hour.AddHours(24), Ct);
        var days = await queries.DailyRewardsAsync(storeId, Hour, Hour.AddHours(24), NewYork, Ct);

        Assert.Equal(
            [
                new CreativePerformance(Platform.Instagram, "ugc", 2, 20.30m, 60.30m, 15.88m),
                new CreativePerformance(Platform.TikTok, "discount", 1, 5m, 10m, 1m),
            ],
            creatives);
        Assert.Equal(
            [new DailyReward(new DateOnly(2026, 2, 28), 16.5, 15.98m, 2), new DailyReward(new DateOnly(2026, 3, 1), 0.9, 0.90m, 2)],
            days.Select(d => d with { Reward = Math.Round(d.Reward, 6) }));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task PlatformInsights_SumsTheAdSetRowsOfTheRange(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        await new IngestionStore(db.Database, clock).LoadInsightsAsync(
            storeId, [Builders.Insight("as1", Hour), Builders.Insight("as2", Hour.AddHours(1), spend: 0.01m), Builders.Insight("as1", Hour.AddHours(30))], Ct);

        var insights = await new DashboardQueries(db.Database).PlatformInsightsAsync(storeId, Hour, Hour.AddHours(24), Ct);

        Assert.Equal([new PlatformInsights(Platform.Instagram, 2000, 50, 12.35m, 4, 161.0m)], insights);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Actions_FilteredByVerdictAndPaged_NewestFirstWithTheTotal(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        for (var i = 0; i < 5; i++)
        {
            await log.RecordAsync(storeId, ActionLogTests.Decision($"k{i}", ActionStatus.Shadow) with { Verdict = i % 2 == 0 ? GuardrailVerdict.Clamp : GuardrailVerdict.Block }, Ct);
            clock.Advance(TimeSpan.FromMinutes(1));
        }

        var queries = new DashboardQueries(db.Database);
        var first = await queries.ActionsAsync(storeId, GuardrailVerdict.Clamp, null, 0, 2, Ct);
        var second = await queries.ActionsAsync(storeId, GuardrailVerdict.Clamp, null, 2, 2, Ct);
        var all = await queries.ActionsAsync(storeId, null, ActionStatus.Shadow, 0, 50, Ct);
        var versions = await queries.PolicyVersionsAsync(storeId, Ct);

        Assert.Equal(3, first.Total);
        Assert.Equal(2, first.Rows.Count);
        Assert.True(first.Rows[0].Id > first.Rows[1].Id);
        Assert.All(first.Rows.Concat(second.Rows), r => Assert.Equal(GuardrailVerdict.Clamp, r.Verdict));
        Assert.Single(second.Rows);
        Assert.Equal(5, all.Total);
        var row = all.Rows[^1];
        Assert.Equal((new AdSetRef(Platform.Instagram, "as1"), "dqn", "ckpt-7", ActionStatus.Shadow), (row.AdSet, row.PolicyName, row.CheckpointVersion, row.Status));
        Assert.Contains("delta limit 25%/h", row.GuardrailReasons, StringComparison.Ordinal);
        var version = Assert.Single(versions);
        Assert.Equal(("dqn", "1.0.0", "ckpt-7", 5L), (version.PolicyName, version.PolicyVersion, version.CheckpointVersion, version.Decisions));
        Assert.Equal(TimeSpan.FromMinutes(4), version.LastDecidedAt - version.FirstDecidedAt);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RecentDecisions_ListsDecidedApprovalsWithWhoDecided(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var approvals = new ApprovalStore(db.Database, clock);
        var held = await log.RecordAsync(storeId, ActionLogTests.Decision("a", ActionStatus.PendingApproval), Ct);
        var open = await log.RecordAsync(storeId, ActionLogTests.Decision("b", ActionStatus.PendingApproval), Ct);
        var approval = await approvals.RequestAsync(storeId, held.Id, null, Ct);
        await approvals.RequestAsync(storeId, open.Id, null, Ct);
        await approvals.DecideAsync(storeId, approval.Id, approve: false, "dashboard:ana", "too fast", Ct);

        var decided = await new DashboardQueries(db.Database).RecentDecisionsAsync(storeId, 10, Ct);

        var only = Assert.Single(decided);
        Assert.Equal((approval.Id, held.Id, ApprovalStatus.Rejected, "dashboard:ana", "too fast"), (only.Id, only.ActionId, only.Status, only.DecidedBy, only.Note));
    }

    private static async Task SeedRewardsAsync(TestDatabase db, TimeProvider clock, long storeId)
    {
        await new RewardStore(db.Database, clock).UpsertAsync(
            storeId,
            [
                new RewardRecord(new AdSetRef(Platform.Instagram, "as1"), Hour, 40.10m, 10.10m, 16.04m, 13.96m, "USD", 3.97, 2.38, 2, 14.0),
                new RewardRecord(new AdSetRef(Platform.Instagram, "as2"), Hour, 20.20m, 10.10m, 8.08m, 2.02m, "USD", 2, 1.2, 1, 2.5),
                new RewardRecord(new AdSetRef(Platform.Instagram, "as2"), Hour.AddHours(5), 0m, 0.10m, 0m, -0.10m, "USD", 0, 0, 0, -0.1),
                new RewardRecord(new AdSetRef(Platform.TikTok, "ag9"), Hour.AddHours(5), 10m, 5m, 4m, 1m, "USD", 2, 1.2, 1, 1.0),
                new RewardRecord(new AdSetRef(Platform.Instagram, "as1"), Hour.AddHours(40), 1m, 1m, 0m, 0m, "USD", 1, 1, 0, 0),
            ],
            Ct);
    }
}

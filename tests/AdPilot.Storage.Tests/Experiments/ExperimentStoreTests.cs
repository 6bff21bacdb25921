using AdPilot.Core.Domain;
using AdPilot.Core.Experiments;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Experiments;

public sealed class ExperimentStoreTests(PostgresCluster cluster)
{
    private static readonly AdAccountRef Account = new(Platform.Instagram, "act_1", "USD");

    internal static ExperimentProposal Proposal(string adSet = "as1", AgeGroup to = AgeGroup.Age25To34, Interests interests = Interests.Fitness | Interests.Beauty) =>
        new(Account, new AdSetRef(Platform.Instagram, adSet), AgeGroup.Age35To44, Interests.None, to, interests, "policy:bandit@3", "the policy proposed it");

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Propose_KeepsOneOpenExperimentPerAdSet_AndReadsBackEveryPart(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new ExperimentStore(db.Database, clock);

        var (first, created) = await store.ProposeAsync(storeId, Proposal(), ct);
        var (again, createdAgain) = await store.ProposeAsync(storeId, Proposal(to: AgeGroup.Age18To24), ct);
        var (other, createdOther) = await store.ProposeAsync(storeId, Proposal("as2"), ct);

        Assert.True(created);
        Assert.False(createdAgain);
        Assert.True(createdOther);
        Assert.Equal(first, again);
        Assert.NotEqual(first.Id, other.Id);
        Assert.Equal(
            (ExperimentStatus.Proposed, AgeGroup.Age35To44, Interests.None, AgeGroup.Age25To34, Interests.Fitness | Interests.Beauty, "USD", "policy:bandit@3"),
            (first.Status, first.FromAgeGroup, first.FromInterests, first.ToAgeGroup, first.ToInterests, first.Currency, first.ProposedBy));
        Assert.Equal(clock.GetUtcNow(), first.ProposedAt);
        Assert.Equal([other.Id, first.Id], (await store.ListAsync(storeId, ct)).Select(e => e.Id));
        Assert.Equal(2, (await store.ListOpenAsync(storeId, Account, ct)).Count);
        Assert.Empty(await store.ListOpenAsync(storeId, Account with { AccountId = "act_2" }, ct));
        await Assert.ThrowsAsync<ArgumentException>(() => store.ProposeAsync(storeId, Proposal(to: AgeGroup.Age35To44, interests: Interests.None), ct));
        var full = await Assert.ThrowsAsync<InvalidOperationException>(() => store.ProposeAsync(storeId, Proposal("as3"), ct, maxOpen: 2));
        Assert.Contains("already has 2 open experiments", full.Message, StringComparison.Ordinal);
        Assert.False((await store.ProposeAsync(storeId, Proposal(), ct, maxOpen: 2)).Created);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Lifecycle_MovesOnlyFromTheStatusRead_AndAuditsEveryPersonsDecision(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new ExperimentStore(db.Database, clock);
        var (proposed, _) = await store.ProposeAsync(storeId, Proposal(), ct);

        var approved = await store.DecideAsync(storeId, proposed.Id, approve: true, "cli:ana", ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.DecideAsync(storeId, proposed.Id, approve: false, "cli:bo", ct));
        var starting = await store.MarkStartingAsync(storeId, approved, 100.50m, 20.10m, "Prospecting · A/B #1", ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.MarkStartingAsync(storeId, approved, 1m, 1m, "again", ct));
        Assert.Equal([proposed.Original], (await store.HeldAdSetsAsync(storeId, ct)).Keys);

        clock.Advance(TimeSpan.FromHours(1));
        var copy = new AdSetRef(Platform.Instagram, "as1-copy");
        var running = await store.MarkRunningAsync(storeId, starting, copy, clock.GetUtcNow(), clock.GetUtcNow().AddDays(7), ct);
        var held = await store.HeldAdSetsAsync(storeId, ct);
        var ended = await store.RequestEndAsync(storeId, running.Id, "web:bo", ct);
        var concluding = await store.MarkConcludingAsync(storeId, ended, ExperimentArm.Copy, 0.012, -3.25m, 41.5m, "the copy wins", ct);
        var done = await store.FinishAsync(storeId, concluding, ExperimentStatus.Concluded, null, ct);

        Assert.Equal((ExperimentStatus.Approved, "cli:ana"), (approved.Status, approved.DecidedBy));
        Assert.Equal((100.50m, 20.10m, "Prospecting · A/B #1"), (starting.OriginalBudget, starting.TestBudget, starting.CopyName));
        Assert.Equal(new HashSet<AdSetRef> { proposed.Original, copy }, held.Keys.ToHashSet());
        Assert.Equal((ExperimentStatus.Running, "web:bo"), (ended.Status, ended.EndRequestedBy));
        Assert.Equal((ExperimentStatus.Concluded, ExperimentArm.Copy, 0.012, -3.25m, 41.5m, "the copy wins"), (done.Status, done.Winner, done.PValue, done.OriginalProfit, done.CopyProfit, done.Outcome));
        Assert.Equal(clock.GetUtcNow(), done.FinishedAt);
        Assert.Empty(await store.HeldAdSetsAsync(storeId, ct));
        Assert.Empty(await store.ListOpenAsync(storeId, Account, ct));
        var audit = await new AdminAuditStore(db.Database, clock).ListAsync(storeId, null, 10, ct);
        Assert.Equal(
            [AdminActions.ExperimentEnd, AdminActions.ExperimentApprove],
            audit.Select(a => a.Action));
        Assert.All(audit, a => Assert.Equal($"experiment {proposed.Id}", a.Target));

        // The ad set is free again: a new proposal opens a new experiment.
        Assert.True((await store.ProposeAsync(storeId, Proposal(), ct)).Created);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RequestEnd_WithdrawsAnExperimentThatHasNotStarted_AndRejectIsFinal(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new ExperimentStore(db.Database, clock);
        var (first, _) = await store.ProposeAsync(storeId, Proposal(), ct);
        var (second, _) = await store.ProposeAsync(storeId, Proposal("as2"), ct);

        var withdrawn = await store.RequestEndAsync(storeId, first.Id, "cli:ana", ct);
        var rejected = await store.DecideAsync(storeId, second.Id, approve: false, "cli:bo", ct);

        Assert.Equal(ExperimentStatus.Ended, withdrawn.Status);
        Assert.Contains("withdrawn by cli:ana", withdrawn.Outcome, StringComparison.Ordinal);
        Assert.Equal((ExperimentStatus.Rejected, "rejected by cli:bo"), (rejected.Status, rejected.Outcome));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.RequestEndAsync(storeId, first.Id, "cli:ana", ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => store.DecideAsync(storeId, 999, true, "cli:ana", ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task FindAdSet_ReadsTheAccountAndTargetingOfAStoredAdSet(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var store = new ExperimentStore(db.Database, clock);

        var found = await store.FindAdSetAsync(storeId, new AdSetRef(Platform.Instagram, "as1"), ct);
        var missing = await store.FindAdSetAsync(storeId, new AdSetRef(Platform.TikTok, "as1"), ct);

        Assert.NotNull(found);
        Assert.Equal(new AdAccountRef(Platform.Instagram, "act_1", "USD"), found.Value.Account);
        Assert.Null(missing);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task TargetingPerformance_SumsEachAdSetsRewardsSinceTheDate_WithItsStoredTargeting(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var hour = new DateTimeOffset(2026, 3, 14, 10, 0, 0, TimeSpan.Zero);
        var as1 = new AdSetRef(Platform.Instagram, "as1");
        await new AdPilot.Storage.Rewards.RewardStore(db.Database, clock).UpsertAsync(
            storeId,
            [
                new(as1, hour, 100m, 40m, 40m, 20m, "USD", 2.5, 1.5, 2, 20),
                new(as1, hour.AddHours(1), 50.5m, 10m, 20.2m, 20.3m, "USD", 5.05, 3.03, 1, 20.3),
                new(as1, hour.AddDays(-3), 999m, 1m, 1m, 997m, "USD", 999, 998, 9, 997),
            ],
            ct);
        var store = new ExperimentStore(db.Database, clock);

        var rows = await store.TargetingPerformanceAsync(storeId, Account, hour.AddDays(-1), ct);

        Assert.Equal(["as1", "as2"], rows.Select(r => r.AdSet.ExternalId));
        var first = rows[0];
        Assert.Equal((AgeGroup.Age25To34, Interests.Fitness), (first.AgeGroup, first.Interests));
        Assert.Equal((150.5, 60.2, 50.0, 3L), (Math.Round(first.Revenue, 4), Math.Round(first.Cogs, 4), Math.Round(first.Spend, 4), first.Orders));
        Assert.Equal((0.0, 0L), (rows[1].Spend, rows[1].Orders));
        Assert.Empty(await store.TargetingPerformanceAsync(storeId, Account with { AccountId = "act_2" }, hour.AddDays(-1), ct));
    }
}

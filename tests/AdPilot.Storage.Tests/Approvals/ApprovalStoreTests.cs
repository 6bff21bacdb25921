using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Actions;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Approvals;

public sealed class ApprovalStoreTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Approve_WritesTheActionsIntent(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var approvals = new ApprovalStore(db.Database, clock);
        var action = await log.RecordAsync(storeId, ActionLogTests.Decision("as1@12", ActionStatus.PendingApproval), TestContext.Current.CancellationToken);

        var requested = await approvals.RequestAsync(storeId, action.Id, clock.GetUtcNow().AddHours(4), TestContext.Current.CancellationToken);
        var again = await approvals.RequestAsync(storeId, action.Id, null, TestContext.Current.CancellationToken);
        var pending = await approvals.ListPendingAsync(storeId, TestContext.Current.CancellationToken);
        var approved = await approvals.DecideAsync(storeId, requested.Id, approve: true, "ana@example.com", "ok", TestContext.Current.CancellationToken);

        Assert.Equal(requested, again);
        Assert.Equal(requested.Id, Assert.Single(pending).Id);
        Assert.Equal((ApprovalStatus.Approved, "ana@example.com"), (approved.Status, approved.DecidedBy));
        Assert.Equal(ActionStatus.Intended, (await log.GetAsync(storeId, action.Id, TestContext.Current.CancellationToken))!.Status);
        Assert.Empty(await approvals.ListPendingAsync(storeId, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => approvals.DecideAsync(storeId, requested.Id, false, "bo", null, TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Decide_AfterExpiry_MarksExpiredAndLeavesTheActionPending(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var approvals = new ApprovalStore(db.Database, clock);
        var action = await log.RecordAsync(storeId, ActionLogTests.Decision("as1@12", ActionStatus.PendingApproval), TestContext.Current.CancellationToken);
        var requested = await approvals.RequestAsync(storeId, action.Id, clock.GetUtcNow().AddHours(1), TestContext.Current.CancellationToken);

        clock.Advance(TimeSpan.FromHours(2));

        Assert.Empty(await approvals.ListPendingAsync(storeId, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<InvalidOperationException>(() => approvals.DecideAsync(storeId, requested.Id, true, "ana", null, TestContext.Current.CancellationToken));
        Assert.Equal(ActionStatus.PendingApproval, (await log.GetAsync(storeId, action.Id, TestContext.Current.CancellationToken))!.Status);
    }
}

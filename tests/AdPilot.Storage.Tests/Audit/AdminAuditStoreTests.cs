using System.Data.Common;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Alerts;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Audit;
using AdPilot.Storage.Checkpoints;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Secrets;
using AdPilot.Storage.Tests.Actions;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;

namespace AdPilot.Storage.Tests.Audit;

public sealed class AdminAuditStoreTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static (string Key, string? Value)[] Details(AdminAuditEntry entry)
    {
        using var json = System.Text.Json.JsonDocument.Parse(entry.Details);
        return [.. json.RootElement.EnumerateObject().Select(p => (p.Name, p.Value.GetString())).OrderBy(p => p.Name, StringComparer.Ordinal)];
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Append_ThenList_NewestFirst_FiltersBySinceStoreAndLimit(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var audit = new AdminAuditStore(db.Database, clock);

        var first = await audit.AppendAsync(storeId, new AdminAuditRecord(AdminActor.Cli("alice"), AdminActions.ModeChange, "store", new Dictionary<string, string?> { ["to"] = "pilot", ["from"] = null }), Ct);
        clock.Advance(TimeSpan.FromHours(1));
        var second = await audit.AppendAsync(null, new AdminAuditRecord(AdminActor.Of(AdminSource.Dashboard, "bob"), AdminActions.SecretRotate, "all secrets"), Ct);
        clock.Advance(TimeSpan.FromHours(1));
        var third = await audit.AppendAsync(storeId, new AdminAuditRecord(AdminActor.Cli("cli:alice"), AdminActions.KillSwitchEngage, "store"), Ct);

        var all = await audit.ListAsync(storeId, null, 10, Ct);
        Assert.Equal([third.Id, second.Id, first.Id], all.Select(e => e.Id));
        Assert.Equal(("cli:alice", "cli", AdminActions.ModeChange), (first.Actor, first.Source, first.Action));
        Assert.Equal([("from", (string?)null), ("to", "pilot")], Details(first));
        Assert.Equal(Builders.Clock().GetUtcNow(), all[^1].At);
        Assert.Equal(("dashboard:bob", "dashboard", (long?)null), (second.Actor, second.Source, second.StoreId));
        Assert.Equal("cli:alice", third.Actor);
        Assert.Equal([third.Id, second.Id], (await audit.ListAsync(storeId, Builders.Clock().GetUtcNow().AddMinutes(30), 10, Ct)).Select(e => e.Id));
        Assert.Equal([third.Id], (await audit.ListAsync(storeId, null, 1, Ct)).Select(e => e.Id));
        Assert.Equal("pilot", await audit.LastModeAsync(storeId, Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Table_RefusesUpdateAndDelete(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var audit = new AdminAuditStore(db.Database, clock);
        var entry = await audit.AppendAsync(storeId, new AdminAuditRecord(AdminActor.Cli("alice"), AdminActions.Approve, "approval 1"), Ct);

        await using var connection = await db.Database.OpenConnectionAsync(Ct);
        var update = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("UPDATE admin_audit SET actor = 'cli:mallory' WHERE id = @Id", new { entry.Id }));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => connection.ExecuteAsync("DELETE FROM admin_audit"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal("cli:alice", Assert.Single(await audit.ListAsync(null, null, 10, Ct)).Actor);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Decide_RecordsWhoAndWhen_AndARefusedDecisionRecordsNothing(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var approvals = new ApprovalStore(db.Database, clock);
        var audit = new AdminAuditStore(db.Database, clock);
        var action = await log.RecordAsync(storeId, ActionLogTests.Decision("as1@12", ActionStatus.PendingApproval), Ct);
        var requested = await approvals.RequestAsync(storeId, action.Id, clock.GetUtcNow().AddHours(4), new ApprovedChange(100m, 150m, "USD"), Ct);

        await approvals.DecideAsync(storeId, requested.Id, approve: true, "dashboard:ana", "fine", Ct);
        await Assert.ThrowsAsync<InvalidOperationException>(() => approvals.DecideAsync(storeId, requested.Id, approve: false, "cli:bo", null, Ct));

        var entry = Assert.Single(await audit.ListAsync(storeId, null, 10, Ct));
        Assert.Equal(("dashboard:ana", "dashboard", AdminActions.Approve, $"approval {requested.Id}", clock.GetUtcNow()), (entry.Actor, entry.Source, entry.Action, entry.Target, entry.At));
        Assert.Equal(
            [("action_id", action.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)), ("currency", "USD"), ("from_budget", "100"), ("note", "fine"), ("to_budget", "150")],
            Details(entry));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task KillSwitchAlert_CheckpointPromotion_AndSecrets_AreAuditedWithTheirAction(DatabaseDialect dialect)
    {
        const string value = "shpat_secret-value-never-in-the-audit";
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var audit = new AdminAuditStore(db.Database, clock);
        var alerts = new AlertStore(db.Database, clock);
        var engage = new AdminAuditRecord(AdminActor.Cli("alice"), AdminActions.KillSwitchEngage, "store");

        Assert.True(await alerts.RaiseAsync(storeId, "kill_switch", AlertSeverity.Critical, "kill_switch", "kill switch engaged: test", engage, Ct));
        Assert.False(await alerts.RaiseAsync(storeId, "kill_switch", AlertSeverity.Critical, "kill_switch", "kill switch engaged: again", engage, Ct));
        Assert.True(await alerts.ResolveAsync(storeId, "kill_switch", engage with { Action = AdminActions.KillSwitchRelease }, Ct));

        var checkpoints = new CheckpointStore(db.Database, clock);
        await checkpoints.RegisterAsync(storeId, new CheckpointRecord("v1", "dqn", "/ckpt/v1.ckpt", "{}"), Ct);
        await checkpoints.PromoteAsync(storeId, "v1", new CheckpointDecision("cli:carol", "first"), Ct);

        var secrets = new SecretStore(db.Database, clock);
        var (oldKey, newKey) = (SecretKey.FromBase64(SecretKey.Generate(), "test"), SecretKey.FromBase64(SecretKey.Generate(), "test"));
        await secrets.SetAsync(storeId, "SHOPIFY_ADMIN_TOKEN", value, oldKey, AdminActor.Cli("dave"), Ct);
        await secrets.RotateAsync(oldKey, newKey, AdminActor.Cli("dave"), Ct);

        var entries = (await audit.ListAsync(null, null, 10, Ct)).Reverse().ToArray();
        Assert.Equal(
            [
                (AdminActions.KillSwitchEngage, "cli:alice"), (AdminActions.KillSwitchRelease, "cli:alice"), (AdminActions.CheckpointPromote, "cli:carol"),
                (AdminActions.SecretSet, "cli:dave"), (AdminActions.SecretRotate, "cli:dave"),
            ],
            entries.Select(e => (e.Action, e.Actor)));
        Assert.Equal("SHOPIFY_ADMIN_TOKEN", entries[3].Target);
        Assert.Null(entries[4].StoreId);
        Assert.DoesNotContain(entries, e => e.Details.Contains(value, StringComparison.Ordinal) || e.Target.Contains(value, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Consume_OnlyTheApprovedExactChange_OfAnOpenIntent_Once(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var approvals = new ApprovalStore(db.Database, clock);
        var held = await log.RecordAsync(storeId, ActionLogTests.Decision("as1@12", ActionStatus.PendingApproval), Ct);
        var rejected = await log.RecordAsync(storeId, ActionLogTests.Decision("as1@13", ActionStatus.PendingApproval), Ct);
        var approval = await approvals.RequestAsync(storeId, held.Id, clock.GetUtcNow().AddHours(4), new ApprovedChange(100m, 150m, "USD"), Ct);
        var other = await approvals.RequestAsync(storeId, rejected.Id, clock.GetUtcNow().AddHours(4), new ApprovedChange(100m, 150m, "USD"), Ct);

        Assert.False((await approvals.ConsumeAsync(storeId, held.Id, 100m, 150m, "USD", Ct)).Authorised); // still pending
        await approvals.DecideAsync(storeId, approval.Id, true, "cli:ana", null, Ct);
        await approvals.DecideAsync(storeId, other.Id, false, "cli:ana", null, Ct);

        Assert.Contains("not 100 → 151 USD", (await approvals.ConsumeAsync(storeId, held.Id, 100m, 151m, "USD", Ct)).Reason, StringComparison.Ordinal);
        Assert.False((await approvals.ConsumeAsync(storeId, held.Id, 90m, 150m, "USD", Ct)).Authorised);
        Assert.False((await approvals.ConsumeAsync(storeId, held.Id, 100m, 150m, "EUR", Ct)).Authorised);
        Assert.Contains("rejected", (await approvals.ConsumeAsync(storeId, rejected.Id, 100m, 150m, "USD", Ct)).Reason, StringComparison.Ordinal);
        Assert.Contains("no approval", (await approvals.ConsumeAsync(storeId, 999_999, 100m, 150m, "USD", Ct)).Reason, StringComparison.Ordinal);
        Assert.Equal((true, (string?)null), await approvals.ConsumeAsync(storeId, held.Id, 100m, 150m, "USD", Ct));
        Assert.True((await approvals.ConsumeAsync(storeId, held.Id, 100m, 150m, "USD", Ct)).Authorised); // the same intent's retry

        await log.CompleteAsync(storeId, held.Id, true, "accepted", null, Ct);
        Assert.Contains("not an open intent", (await approvals.ConsumeAsync(storeId, held.Id, 100m, 150m, "USD", Ct)).Reason, StringComparison.Ordinal);
    }
}

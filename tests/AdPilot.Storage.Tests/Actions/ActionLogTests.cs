using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Actions;

public sealed class ActionLogTests(PostgresCluster cluster)
{
    internal static readonly DateTimeOffset Hour = new(2026, 3, 15, 12, 0, 0, TimeSpan.Zero);

    internal static ActionDecision Decision(string key, ActionStatus status) => new()
    {
        IdempotencyKey = key,
        AdSet = new AdSetRef(Platform.Instagram, "as1"),
        Hour = Hour,
        Mode = status == ActionStatus.Shadow ? RolloutMode.Shadow : RolloutMode.Pilot,
        StateJson = """{"hourOfDay":8,"currentBudget":50.0}""",
        PolicyName = "dqn",
        PolicyVersion = "1.0.0",
        CheckpointVersion = "ckpt-7",
        ProposedActionJson = """{"budgetAdjustment":0.3}""",
        FinalActionJson = """{"budgetAdjustment":0.25}""",
        Propensity = 0.82,
        Verdict = GuardrailVerdict.Clamp,
        GuardrailReasons = ["delta limit 25%/h"],
        Status = status,
    };

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Record_Twice_ReturnsTheFirstEntryAndKeepsEveryField(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);

        var first = await log.RecordAsync(storeId, Decision("as1@12", ActionStatus.Shadow), TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromMinutes(1));
        var second = await log.RecordAsync(storeId, Decision("as1@12", ActionStatus.Shadow) with { Propensity = 0.1 }, TestContext.Current.CancellationToken);

        Assert.Equal((first.Id, first.DecidedAt, 0.82), (second.Id, second.DecidedAt, second.Decision.Propensity));
        var d = first.Decision;
        Assert.Equal(ActionStatus.Shadow, first.Status);
        Assert.Equal((Hour, RolloutMode.Shadow, "dqn", "1.0.0", "ckpt-7", 0.82, GuardrailVerdict.Clamp), (d.Hour, d.Mode, d.PolicyName, d.PolicyVersion, d.CheckpointVersion, d.Propensity, d.Verdict));
        Assert.Equal(["delta limit 25%/h"], d.GuardrailReasons);
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Decision("k", ActionStatus.Shadow).StateJson), JsonNode.Parse(d.StateJson)));
        Assert.True(JsonNode.DeepEquals(JsonNode.Parse("""{"budgetAdjustment":0.25}"""), JsonNode.Parse(d.FinalActionJson!)));
        Assert.Null(first.AttemptedAt);
        Assert.Single(await log.ListAsync(storeId, Hour, Hour.AddHours(1), TestContext.Current.CancellationToken));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LatestApplied_OneEntryPerAdSet_TheLastCompletedNotTheLastDecided(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var other = new AdSetRef(Platform.TikTok, "ag9");

        // Decided first, applied last (a recovered intent): it is the latest, though its id is the lower.
        var older = await log.RecordAsync(storeId, Decision("as1@12", ActionStatus.Intended), ct);
        var newer = await log.RecordAsync(storeId, Decision("as1@13", ActionStatus.Intended) with { Hour = Hour.AddHours(1) }, ct);
        await log.CompleteAsync(storeId, newer.Id, true, "ok", null, ct);
        clock.Advance(TimeSpan.FromMinutes(5));
        await log.CompleteAsync(storeId, older.Id, true, "ok", null, ct);
        var failed = await log.RecordAsync(storeId, Decision("as1@14", ActionStatus.Intended) with { Hour = Hour.AddHours(2) }, ct);
        clock.Advance(TimeSpan.FromMinutes(5));
        await log.CompleteAsync(storeId, failed.Id, false, null, "rejected", ct);
        await log.RecordAsync(storeId, Decision("ag9@12", ActionStatus.Shadow) with { AdSet = other }, ct);

        var latest = await log.LatestAppliedAsync(storeId, ct);

        Assert.Equal(older.Id, Assert.Single(latest).Id);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task LastAppliedChanges_LatestCompletionPerAdSetInTheWindow_LeavingOutNoChanges(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var other = new AdSetRef(Platform.TikTok, "ag9");
        var quiet = new AdSetRef(Platform.TikTok, "ag10");
        async Task<ActionLogEntry> AppliedAsync(string key, AdSetRef adSet, DateTimeOffset hour, string response)
        {
            var entry = await log.RecordAsync(storeId, Decision(key, ActionStatus.Intended) with { AdSet = adSet, Hour = hour }, ct);
            clock.Advance(TimeSpan.FromMinutes(1));
            return await log.CompleteAsync(storeId, entry.Id, true, response, null, ct);
        }

        var before = await AppliedAsync("as1@11", Decision("x", ActionStatus.Shadow).AdSet, Hour.AddHours(-1), "ok");
        var first = await AppliedAsync("as1@12", Decision("x", ActionStatus.Shadow).AdSet, Hour, "ok");
        var second = await AppliedAsync("as1@13", Decision("x", ActionStatus.Shadow).AdSet, Hour.AddHours(1), "ok");
        var tikTok = await AppliedAsync("ag9@12", other, Hour, "ok");
        await AppliedAsync("ag10@12", quiet, Hour, "no change");
        var failed = await log.RecordAsync(storeId, Decision("ag9@13", ActionStatus.Intended) with { AdSet = other, Hour = Hour.AddHours(1) }, ct);
        await log.CompleteAsync(storeId, failed.Id, false, null, "rejected", ct);

        var changes = await log.LastAppliedChangesAsync(storeId, Hour, Hour.AddHours(2), "no change", ct);
        var applied = await log.ListAppliedAsync(storeId, Decision("x", ActionStatus.Shadow).AdSet, first.CompletedAt!.Value, ct);

        Assert.Equal(2, changes.Count);
        Assert.Equal(second.CompletedAt, changes[Decision("x", ActionStatus.Shadow).AdSet]);
        Assert.Equal(tikTok.CompletedAt, changes[other]);
        Assert.Equal([first.Id, second.Id], applied.Select(e => e.Id));
        Assert.DoesNotContain(before.Id, applied.Select(e => e.Id));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task IntentThenOutcome_CrashBetween_IntentIsFoundAgainAndCompletesOnce(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);

        var intent = await log.RecordAsync(storeId, Decision("as1@12", ActionStatus.Intended), TestContext.Current.CancellationToken);
        var open = await log.ListOpenIntentsAsync(storeId, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromSeconds(2));
        var applied = await log.CompleteAsync(storeId, intent.Id, succeeded: true, """{"success":true}""", null, TestContext.Current.CancellationToken);

        Assert.Equal(clock.GetUtcNow().AddSeconds(-2), intent.AttemptedAt);
        Assert.Equal(intent.Id, Assert.Single(open).Id);
        Assert.Equal(ActionStatus.Applied, applied.Status);
        Assert.Equal("""{"success":true}""", applied.PlatformResponse);
        Assert.Equal(clock.GetUtcNow(), applied.CompletedAt);
        Assert.Empty(await log.ListOpenIntentsAsync(storeId, TestContext.Current.CancellationToken));
        var again = await Assert.ThrowsAsync<InvalidOperationException>(() => log.CompleteAsync(storeId, intent.Id, false, null, "timeout", TestContext.Current.CancellationToken));
        Assert.Contains("applied", again.Message, StringComparison.Ordinal);
        var rolledBack = await log.MarkRolledBackAsync(storeId, intent.Id, "restored 50.00", TestContext.Current.CancellationToken);
        Assert.Equal(ActionStatus.RolledBack, rolledBack.Status);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Complete_Failed_KeepsTheError(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);

        var intent = await log.RecordAsync(storeId, Decision("as1@12", ActionStatus.Intended), TestContext.Current.CancellationToken);
        var failed = await log.CompleteAsync(storeId, intent.Id, succeeded: false, null, "HTTP 500 from Meta", TestContext.Current.CancellationToken);

        Assert.Equal((ActionStatus.Failed, "HTTP 500 from Meta"), (failed.Status, failed.Error));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Complete_ShadowEntry_RefusedSoShadowNeverLooksApplied(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        var shadow = await log.RecordAsync(storeId, Decision("as1@12", ActionStatus.Shadow), TestContext.Current.CancellationToken);

        await Assert.ThrowsAsync<InvalidOperationException>(() => log.CompleteAsync(storeId, shadow.Id, true, "{}", null, TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => log.RecordAsync(storeId, Decision("x", ActionStatus.Applied), TestContext.Current.CancellationToken));
        Assert.Equal(ActionStatus.Shadow, (await log.GetAsync(storeId, shadow.Id, TestContext.Current.CancellationToken))!.Status);
    }
}

using AdPilot.Core.Domain;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Evidence;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Storage.Tests.Evidence;

public sealed class LoggedDecisionQueriesTests(PostgresCluster cluster)
{
    private static readonly DateTimeOffset Hour = new(2026, 3, 15, 10, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task List_ThePolicysDecisionsInTheRange_WithTheirAccount_LeavingOutTheExcludedPolicies(DatabaseDialect dialect)
    {
        var ct = TestContext.Current.CancellationToken;
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = Builders.Clock();
        var storeId = await Builders.SeedAsync(db, clock);
        var log = new ActionLog(db.Database, clock);
        await log.RecordAsync(storeId, Decision("as2", Hour, "qlearning", 0.25), ct);
        await log.RecordAsync(storeId, Decision("as1", Hour, "qlearning", null) with { Mode = RolloutMode.Shadow, Status = ActionStatus.Shadow }, ct);
        await log.RecordAsync(storeId, Decision("as1", Hour.AddHours(1), "qlearning", 1), ct);
        await log.RecordAsync(storeId, Decision("unknown", Hour.AddHours(1), "qlearning", 0.5), ct);
        await log.RecordAsync(storeId, Decision("as1", Hour.AddHours(1), "human", null), ct);
        await log.RecordAsync(storeId, Decision("as2", Hour.AddHours(1), "kill_switch", null), ct);
        await log.RecordAsync(storeId, Decision("as2", Hour.AddHours(1), "human", null) with { IdempotencyKey = "human-2" }, ct);
        await log.RecordAsync(storeId, Decision("as1", Hour.AddHours(2), "qlearning", 1), ct);
        await log.RecordAsync(storeId, Decision("as1", Hour.AddHours(-1), "qlearning", 1), ct);
        var queries = new LoggedDecisionQueries(db.Database);

        var rows = await queries.ListAsync(storeId, Hour, Hour.AddHours(2), ["human", "kill_switch"], ct);
        var counts = await queries.CountByPolicyAsync(storeId, Hour, Hour.AddHours(2), ["human", "kill_switch"], ct);
        var all = await queries.ListAsync(storeId, Hour, Hour.AddHours(2), [], ct);

        Assert.Equal(
            [("as1", Hour, "act_1"), ("as2", Hour, "act_1"), ("as1", Hour.AddHours(1), "act_1"), ("unknown", Hour.AddHours(1), null)],
            rows.Select(r => (r.AdSet.ExternalId, r.Hour, r.AccountExternalId)));
        var shadow = rows[0];
        Assert.Equal((RolloutMode.Shadow, ActionStatus.Shadow, (double?)null, "qlearning", "1", "ckpt-3"), (shadow.Mode, shadow.Status, shadow.Propensity, shadow.PolicyName, shadow.PolicyVersion, shadow.CheckpointVersion));
        Assert.Equal(0.25, rows[1].Propensity);
        Assert.Equal(Platform.Instagram, rows[1].AdSet.Platform);
        Assert.Contains("\"hour_of_day\"", rows[1].StateJson, StringComparison.Ordinal);
        Assert.Contains("\"daily_budget\"", rows[1].ProposedActionJson, StringComparison.Ordinal);
        Assert.Equal(new Dictionary<string, int> { ["human"] = 2, ["kill_switch"] = 1 }, counts);
        Assert.Equal(7, all.Count);
    }

    private static ActionDecision Decision(string adSet, DateTimeOffset hour, string policy, double? propensity) => new()
    {
        IdempotencyKey = $"{adSet}:{hour:O}:{policy}",
        AdSet = new AdSetRef(Platform.Instagram, adSet),
        Hour = hour,
        Mode = RolloutMode.Expand,
        StateJson = """{"hour_of_day":6,"current_budget":50.0}""",
        PolicyName = policy,
        PolicyVersion = "1",
        CheckpointVersion = "ckpt-3",
        ProposedActionJson = """{"daily_budget":55.0,"currency":"USD","status":"Active"}""",
        Propensity = propensity,
        Verdict = GuardrailVerdict.Allow,
        Status = ActionStatus.Intended,
    };
}

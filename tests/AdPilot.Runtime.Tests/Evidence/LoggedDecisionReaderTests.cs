using AdPilot.Core.Agents;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training.OffPolicy;
using AdPilot.Runtime.Evidence;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Runtime.Tests.Evidence;

public sealed class LoggedDecisionReaderTests(PostgresCluster cluster)
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Read_TheLoggedHours_AsEpisodesOfStepsWithOutcomes_CountingWhatItLeavesOut(DatabaseDialect dialect)
    {
        await using var db = await TestDatabase.CreateAsync(cluster, dialect);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var scenario = DefaultFamily.Sample(5, 3);
        var logged = await EvidenceLog.WriteAsync(db.Database, clock, EvidenceLog.Agent(4, 0.3), scenario, hours: 30);
        var log = new ActionLog(db.Database, clock);
        var entries = await log.ListAsync(logged.StoreId, logged.From, logged.To, Ct);
        var first = entries[0].Decision;
        var sixth = entries.Single(e => e.Decision.AdSet == first.AdSet && e.Decision.Hour == logged.From.AddHours(6)).Decision;
        await log.RecordAsync(logged.StoreId, first with { IdempotencyKey = "h", Hour = logged.From.AddHours(3), PolicyName = "human", StateJson = "{}" }, Ct);
        await log.RecordAsync(logged.StoreId, first with { IdempotencyKey = "k", Hour = logged.From.AddHours(4), PolicyName = "kill_switch", StateJson = "{}" }, Ct);
        await log.RecordAsync(logged.StoreId, first with { IdempotencyKey = "u", Hour = logged.From.AddHours(5), StateJson = "{}" }, Ct);
        await log.RecordAsync(logged.StoreId, sixth with { IdempotencyKey = "d", PolicyName = "rules" }, Ct);
        await log.RecordAsync(logged.StoreId, first with { IdempotencyKey = "early", Hour = logged.From.AddHours(-5), StateJson = "{}" }, Ct);
        var replayed = OffPolicyHarnessRecord(scenario, 30);

        var history = await new LoggedDecisionReader(db.Database, clock).ReadAsync(
            logged.StoreId, logged.From.AddHours(2), logged.To, new LoggedDecisionReaderOptions { WarmUpHours = 2 }, Ct);

        // The ad sets are not in the adsets table, so they are grouped by platform; every hour holds each ad set once.
        var platforms = scenario.AdSets.Select(a => a.Platform).Distinct().Count();
        Assert.Equal(platforms, history.Episodes.Count);
        Assert.Equal(3, history.Episodes.Sum(e => e.AdSets.Count));
        Assert.All(history.Episodes, e => Assert.Equal(30, e.Hours.Count));
        Assert.Equal(
            new Dictionary<string, int> { ["duplicate"] = 1, ["human"] = 1, ["kill_switch"] = 1, ["unreadable"] = 1 },
            history.SkippedEntries);
        var guardrails = new GuardrailOptions();
        foreach (var episode in history.Episodes)
        {
            Assert.Equal((double)guardrails.MaxHourlyChange, episode.Limits.MaxHourlyBudgetChange);
            for (var i = 0; i < episode.AdSets.Count; i++)
            {
                var adSet = episode.AdSets[i];
                var index = scenario.AdSets.ToList().FindIndex(a => a.Id == adSet.Ref.ExternalId);
                Assert.Equal((double)guardrails.MinDailyBudgetFor(adSet.Ref.Platform), adSet.MinDailyBudget);
                Assert.Equal(replayed[0].States[index].CurrentBudget, adSet.StartingDailyBudget);
                for (var h = 0; h < 30; h++)
                {
                    var step = episode.Hours[h].Steps[i];
                    var expected = replayed[h];
                    Assert.Equal(logged.From.AddHours(h), episode.Hours[h].HourUtc);
                    Assert.Equal(expected.States[index], step.State);
                    Assert.True(ActionEquivalence.Equivalent(expected.Actions[index], step.Action, step.State.CurrentBudget));
                    Assert.Equal(expected.Propensities[index], step.Propensity);
                    Assert.Equal(expected.Profits[index], step.Outcome!.Value.Profit, 1e-3);
                    Assert.Equal(h < 2 ? LoggedStep.WarmUp : null, step.Skip);
                }
            }
        }
    }

    [Fact]
    public async Task Read_ShadowHours_AreReplayedButNotScored_AndHoursWithoutRewardArePending()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var logged = await EvidenceLog.WriteAsync(db.Database, clock, EvidenceLog.Agent(2, 0.5), DefaultFamily.Sample(6, 2), hours: 48, mode: RolloutMode.Shadow);
        var reader = new LoggedDecisionReader(db.Database, clock);

        var history = await reader.ReadAsync(logged.StoreId, logged.From, logged.To.AddHours(5), new LoggedDecisionReaderOptions { WarmUpHours = 0 }, Ct);
        var units = DecisionUnitSet.Build(history);

        Assert.All(history.Episodes.SelectMany(e => e.Hours).SelectMany(h => h.Steps), s => Assert.Equal("shadow", s.Skip));
        Assert.Empty(units.Units);
        Assert.Equal(2 * 2, units.Skipped["shadow"]);
        await Assert.ThrowsAsync<ArgumentException>(() => reader.ReadAsync(logged.StoreId, logged.To, logged.From, null, Ct));
        await Assert.ThrowsAsync<InvalidOperationException>(() => reader.ReadAsync(logged.StoreId + 99, logged.From, logged.To, null, Ct));
    }

    [Fact]
    public async Task Read_AnHourWithoutARewardRow_BeforeTheLastScoredHour_HadNoDelivery_AndTheLastHoursArePending()
    {
        await using var db = await TestDatabase.CreateAsync(cluster, DatabaseDialect.Sqlite);
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero));
        var logged = await EvidenceLog.WriteAsync(db.Database, clock, EvidenceLog.Agent(2, 0.5), DefaultFamily.Sample(6, 2), hours: 48, mode: RolloutMode.Pilot);
        var quiet = logged.From.AddHours(10);
        var unscored = logged.To.AddHours(-1);
        await using (var connection = await db.Database.OpenConnectionAsync(Ct))
        {
            // The reward job scores only the hours a platform reported: an hour without impressions has no row.
            await connection.ExecuteAsync(
                "DELETE FROM rewards WHERE ts_hour = @quiet OR ts_hour = @unscored",
                new { quiet = quiet.ToString("yyyy-MM-dd HH:mm:ss+00:00", System.Globalization.CultureInfo.InvariantCulture), unscored = unscored.ToString("yyyy-MM-dd HH:mm:ss+00:00", System.Globalization.CultureInfo.InvariantCulture) });
        }

        var history = await new LoggedDecisionReader(db.Database, clock).ReadAsync(logged.StoreId, logged.From, logged.To, new LoggedDecisionReaderOptions { WarmUpHours = 0 }, Ct);

        var hours = history.Episodes.SelectMany(e => e.Hours).GroupBy(h => h.HourUtc).ToDictionary(g => g.Key, g => g.SelectMany(h => h.Steps).ToList());
        Assert.Equal(2, hours[quiet].Count);
        Assert.All(hours[quiet], s => Assert.Equal((0.0, 0.0), (s.Outcome!.Value.Revenue, s.Outcome.Value.AdSpend)));
        Assert.All(hours[unscored], s => Assert.Null(s.Outcome));
        Assert.All(hours[quiet.AddHours(1)], s => Assert.NotNull(s.Outcome));
    }

    /// <summary>What the logger decided, hour by hour, recomputed the same way the log was written.</summary>
    private static List<(AdPilot.Core.Domain.AdEnvironmentState[] States, AdPilot.Core.Domain.AdAction[] Actions, double[] Propensities, double[] Profits)> OffPolicyHarnessRecord(Scenario scenario, int hours)
    {
        var guardrails = new GuardrailOptions();
        var world = new SimulatedEnvironment(scenario);
        var result = world.Reset();
        var n = world.AdSets.Count;
        var logger = EvidenceLog.Agent(4, 0.3);
        var adSets = world.AdSets.Select((a, i) => new AdSetDescriptor(
            a.Ref, a.Ref.ExternalId, (double)guardrails.MinDailyBudgetFor(a.Ref.Platform), (double)Math.Min(guardrails.MaxDailyBudget, guardrails.AdSetDailyCap), result.States[i].CurrentBudget)).ToArray();
        logger.Reset(new PolicyContext(adSets, world.Currency, new ActionLimits { MaxHourlyBudgetChange = 0.25 }, 0));
        var records = new List<(AdPilot.Core.Domain.AdEnvironmentState[], AdPilot.Core.Domain.AdAction[], double[], double[])>();
        for (var t = 0; t < hours; t++)
        {
            var states = result.States.ToArray();
            var actions = new AdPilot.Core.Domain.AdAction[n];
            var propensities = new double[n];
            logger.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            result = world.Step(actions);
            records.Add((states, actions, propensities, [.. result.Rewards.ToArray().Select(r => r.Profit)]));
        }

        return records;
    }
}

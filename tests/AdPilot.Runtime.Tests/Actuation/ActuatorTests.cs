using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using GuardrailVerdict = AdPilot.Core.Guardrails.GuardrailVerdict;
using static AdPilot.Runtime.Tests.Actuation.ActuationHarness;

namespace AdPilot.Runtime.Tests.Actuation;

/// <summary>The actuator against the sandbox over loopback, with its log in SQLite and PostgreSQL.</summary>
public sealed class ActuatorTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RunAsync_Shadow_LogsEveryDecisionAndNeverWrites(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        foreach (var account in new[] { h.Meta, h.TikTok })
        {
            var adSets = await h.AdSetsAsync(account);
            var before = adSets.ToDictionary(a => a.AdSet, a => h.BudgetOf(a.AdSet));
            var decisions = adSets.Select(a => Allow(a, Raised(a))).ToArray();

            var entries = await h.Actuator.RunAsync(h.Input(account, RolloutStage.Shadow, adSets, decisions), h.PlatformOf(account), h.BatchOf(account), Ct);

            Assert.Equal(decisions.Length, entries.Count);
            Assert.All(entries, e => Assert.Equal(ActionStatus.Shadow, e.Status));
            Assert.All(entries, e => Assert.Equal(RolloutMode.Shadow, e.Decision.Mode));
            Assert.All(entries, e => Assert.Equal(0.25, e.Decision.Propensity));
            Assert.All(adSets, a => Assert.Equal(before[a.AdSet], h.BudgetOf(a.AdSet)));
        }

        Assert.Empty(h.Requests.Writes);
        Assert.Empty(await h.Snapshots.LatestHumanBudgetsAsync(h.StoreId, Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RunAsync_PilotTwiceForOneCycle_AppliesAllowedOnceAndLogsBlocked(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var adSets = await h.AdSetsAsync(h.TikTok);
        Assert.True(adSets.Count >= 2, "the preset has two TikTok ad groups");
        var (changed, blocked) = (adSets[0], adSets[1]);
        var target = Raised(changed);
        var blockedBefore = h.BudgetOf(blocked.AdSet);
        var block = new GuardrailDecision(
            blocked.AdSet, GuardrailVerdict.Block, blocked.Current.WithBudget(new Money(1m, h.World.Currency)), null, [new GuardrailReason(GuardrailReasonCodes.Cooldown, "cooling down")]);
        var input = h.Input(h.TikTok, RolloutStage.Pilot, adSets, Allow(changed, target), block);

        var first = await h.Actuator.RunAsync(input, h.PlatformOf(h.TikTok), null, Ct);
        var writes = h.Requests.Writes.Count;
        var second = await h.Actuator.RunAsync(input, h.PlatformOf(h.TikTok), null, Ct);

        Assert.Equal(target, h.BudgetOf(changed.AdSet));
        Assert.Equal(blockedBefore, h.BudgetOf(blocked.AdSet));
        Assert.Equal(1, writes);
        Assert.Equal(writes, h.Requests.Writes.Count);
        var applied = Assert.Single(first, e => e.Decision.AdSet == changed.AdSet);
        Assert.Equal(ActionStatus.Applied, applied.Status);
        Assert.NotNull(applied.PlatformResponse);
        Assert.Equal("bandit", applied.Decision.PolicyName);
        Assert.Equal("ckpt-7", applied.Decision.CheckpointVersion);
        var logged = Assert.Single(first, e => e.Decision.AdSet == blocked.AdSet);
        Assert.Equal(ActionStatus.Shadow, logged.Status);
        Assert.Equal(AdPilot.Storage.Actions.GuardrailVerdict.Block, logged.Decision.Verdict);
        Assert.Contains(logged.Decision.GuardrailReasons, r => r.StartsWith("cooldown", StringComparison.Ordinal));
        Assert.Null(logged.Decision.FinalActionJson);
        Assert.Equal(first.Select(e => (e.Id, e.Status)), second.Select(e => (e.Id, e.Status)));
        Assert.Equal(2, (await h.EntriesAsync()).Count);
        var snapshot = Assert.Single(await h.Snapshots.LatestHumanBudgetsAsync(h.StoreId, Ct));
        Assert.Equal((changed.AdSet, changed.Current.DailyBudget.Amount), (snapshot.AdSet, snapshot.DailyBudget));
    }

    [Fact]
    public async Task RunAsync_SeveralMetaUpdates_GoThroughTheBatchEndpoint()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.Meta);
        Assert.True(adSets.Count >= 2, "the preset has two Meta ad sets");
        var decisions = adSets.Select(a => Allow(a, Raised(a))).ToArray();

        var entries = await h.Actuator.RunAsync(h.Input(h.Meta, RolloutStage.Expand, adSets, decisions), h.PlatformOf(h.Meta), h.MetaBatch, Ct);

        Assert.All(entries, e => Assert.Equal(ActionStatus.Applied, e.Status));
        Assert.All(adSets, a => Assert.Equal(Raised(a), h.BudgetOf(a.AdSet)));
        // Meta never batches two ad sets of one campaign together (the connector's planner), and the sandbox puts every
        // Meta ad set in one campaign: one batch request per ad set of the largest campaign, all to the batch endpoint.
        var writes = h.Requests.Writes;
        Assert.Equal(adSets.GroupBy(a => a.CampaignId).Max(g => g.Count()), writes.Count);
        Assert.All(writes, w => Assert.DoesNotContain(adSets, a => w.Path.Contains(a.AdSet.ExternalId, StringComparison.Ordinal)));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RecoverAsync_CrashAfterIntentBeforeCall_AppliesExactlyOnce(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var target = Raised(adSets[0]);
        var input = h.Input(h.TikTok, RolloutStage.Pilot, adSets, Allow(adSets[0], target));
        var crashing = new CrashingPlatform(h.PlatformOf(h.TikTok), crashAfterCall: false);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => h.Actuator.RunAsync(input, crashing, null, Ct));
        Assert.Equal(adSets[0].Current.DailyBudget.Amount, h.BudgetOf(adSets[0].AdSet));
        Assert.Single(await h.Log.ListOpenIntentsAsync(h.StoreId, Ct));

        var recovered = await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct);
        var rerun = await h.Actuator.RunAsync(input, h.PlatformOf(h.TikTok), null, Ct);

        Assert.Equal(ActionStatus.Applied, Assert.Single(recovered).Status);
        Assert.Equal(ActionStatus.Applied, Assert.Single(rerun).Status);
        Assert.Equal(target, h.BudgetOf(adSets[0].AdSet));
        Assert.Single(h.Requests.Writes);
        Assert.Empty(await h.Log.ListOpenIntentsAsync(h.StoreId, Ct));
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RecoverAsync_CrashAfterCallBeforeOutcome_MarksAppliedWithoutCallingAgain(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var target = Raised(adSets[0]);
        var input = h.Input(h.TikTok, RolloutStage.Pilot, adSets, Allow(adSets[0], target));
        var crashing = new CrashingPlatform(h.PlatformOf(h.TikTok), crashAfterCall: true);

        await Assert.ThrowsAsync<SimulatedCrashException>(() => h.Actuator.RunAsync(input, crashing, null, Ct));
        Assert.Equal(target, h.BudgetOf(adSets[0].AdSet));
        Assert.Single(h.Requests.Writes);

        var recovered = await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct);
        await h.Actuator.RunAsync(input, h.PlatformOf(h.TikTok), null, Ct);

        var entry = Assert.Single(recovered);
        Assert.Equal(ActionStatus.Applied, entry.Status);
        Assert.Contains("already shows", entry.PlatformResponse, StringComparison.Ordinal);
        Assert.Single(h.Requests.Writes);
        Assert.Single(await h.EntriesAsync());
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RunAsync_RequireApproval_WaitsForApprovalThenRecoveryApplies(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var before = h.BudgetOf(adSets[0].AdSet);
        var target = Math.Round(before * 1.2m, 2);
        var change = adSets[0].Current.WithBudget(new Money(target, h.World.Currency));
        var expiresAt = h.World.Clock.GetUtcNow().AddHours(6);
        var decision = new GuardrailDecision(
            adSets[0].AdSet, GuardrailVerdict.RequireApproval, change, change, [new GuardrailReason(GuardrailReasonCodes.ApprovalRequired, "over 15%")], expiresAt);

        var entry = Assert.Single(await h.Actuator.RunAsync(h.Input(h.TikTok, RolloutStage.Expand, adSets, decision), h.PlatformOf(h.TikTok), null, Ct));
        var pending = Assert.Single(await h.Approvals.ListPendingAsync(h.StoreId, Ct));
        Assert.Empty(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.PendingApproval, entry.Status);
        Assert.Equal((entry.Id, expiresAt), (pending.ActionId, pending.ExpiresAt));
        Assert.Equal(before, h.BudgetOf(adSets[0].AdSet));
        Assert.Empty(h.Requests.Writes);

        await h.Approvals.DecideAsync(h.StoreId, pending.Id, approve: true, "owner@example.com", null, Ct);
        var applied = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal((entry.Id, ActionStatus.Applied), (applied.Id, applied.Status));
        Assert.Equal(target, h.BudgetOf(adSets[0].AdSet));
        Assert.Single(h.Requests.Writes);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task DetectHumanChangesAsync_BudgetChangedByHandBetweenCycles_LogsHumanActionAndRefreshesSnapshot(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var ours = adSets[0];
        await h.Actuator.RunAsync(h.Input(h.TikTok, RolloutStage.Pilot, adSets, Allow(ours, Raised(ours))), h.PlatformOf(h.TikTok), null, Ct);
        Assert.Empty(await h.Actuator.DetectHumanChangesAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), RolloutStage.Pilot, Ct));

        h.World.Advance(1);
        var byHand = Math.Round(ours.Current.DailyBudget.Amount * 1.5m, 2);
        h.ChangeByHand(ours.AdSet, byHand);
        var untouched = adSets[1];
        var untouchedByHand = Math.Round(untouched.Current.DailyBudget.Amount * 0.8m, 2);
        h.ChangeByHand(untouched.AdSet, untouchedByHand);
        var writes = h.Requests.Writes.Count;

        var human = await h.Actuator.DetectHumanChangesAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), RolloutStage.Pilot, Ct);
        var again = await h.Actuator.DetectHumanChangesAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), RolloutStage.Pilot, Ct);

        Assert.Equal(2, human.Count);
        Assert.All(human, e => Assert.Equal((ActionPolicies.Human, ActionStatus.Applied), (e.Decision.PolicyName, e.Status)));
        Assert.Contains(human, e => e.Decision.AdSet == ours.AdSet && e.Decision.GuardrailReasons.Single().StartsWith("human_change", StringComparison.Ordinal));
        Assert.Empty(again);
        Assert.Equal(writes, h.Requests.Writes.Count);
        var snapshots = (await h.Snapshots.LatestHumanBudgetsAsync(h.StoreId, Ct)).ToDictionary(s => s.AdSet, s => s.DailyBudget);
        Assert.Equal(byHand, snapshots[ours.AdSet]);
        Assert.Equal(untouchedByHand, snapshots[untouched.AdSet]);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task KillSwitch_Engaged_BlocksChangesAndRestoresEveryHumanBudget(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var human = new Dictionary<AdSetRef, decimal>();
        foreach (var account in new[] { h.Meta, h.TikTok })
        {
            var adSets = await h.AdSetsAsync(account);
            foreach (var a in adSets)
            {
                human[a.AdSet] = a.Current.DailyBudget.Amount;
            }

            await h.Actuator.RunAsync(
                h.Input(account, RolloutStage.Expand, adSets, [.. adSets.Select(a => Allow(a, Raised(a)))]), h.PlatformOf(account), h.BatchOf(account), Ct);
        }

        Assert.All(human, p => Assert.NotEqual(p.Value, h.BudgetOf(p.Key)));
        await h.KillSwitch.EngageAsync(h.StoreId, "ROAS collapsed", Ct);
        h.World.Advance(1);
        var tikTokSets = await h.AdSetsAsync(h.TikTok);
        var writes = h.Requests.Writes.Count;
        var blocked = await h.Actuator.RunAsync(
            h.Input(h.TikTok, RolloutStage.Expand, tikTokSets, Allow(tikTokSets[0], Raised(tikTokSets[0]))), h.PlatformOf(h.TikTok), null, Ct);
        Assert.Equal(writes, h.Requests.Writes.Count);
        var entry = Assert.Single(blocked);
        Assert.Equal((ActionStatus.Shadow, AdPilot.Storage.Actions.GuardrailVerdict.Block), (entry.Status, entry.Decision.Verdict));

        var restores = new List<ActionLogEntry>();
        foreach (var account in new[] { h.Meta, h.TikTok })
        {
            restores.AddRange(await h.KillSwitch.RestoreAsync(h.StoreId, account, h.PlatformOf(account), h.BatchOf(account), RolloutStage.Expand, Ct));
        }

        var restoreWrites = h.Requests.Writes.Count;
        foreach (var account in new[] { h.Meta, h.TikTok })
        {
            await h.KillSwitch.RestoreAsync(h.StoreId, account, h.PlatformOf(account), h.BatchOf(account), RolloutStage.Expand, Ct);
        }

        Assert.All(human, p => Assert.Equal(p.Value, h.BudgetOf(p.Key)));
        Assert.Equal(human.Count, restores.Count);
        Assert.All(restores, r => Assert.Equal((ActionPolicies.KillSwitch, ActionStatus.Applied), (r.Decision.PolicyName, r.Status)));
        Assert.Equal(restoreWrites, h.Requests.Writes.Count);
        var log = await h.EntriesAsync();
        Assert.Equal(human.Count, log.Count(e => e.Decision.PolicyName == "bandit" && e.Status == ActionStatus.RolledBack));
        Assert.True((await h.KillSwitch.GetStateAsync(h.StoreId, Ct)).Engaged);
    }

    [Fact]
    public async Task RunAsync_PilotDecisionsFromTheGuardrails_ChangesOnlyTheCanaryAdSet()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var read = await h.AdSetsAsync(h.TikTok);
        var adSets = read.Select((a, i) => a with { IsCanary = i == 0, Proposed = a.Current.WithBudget(new Money(Raised(a), h.World.Currency)) }).ToArray();
        var evaluator = new GuardrailEvaluator(new GuardrailOptions { CanaryShare = 0.99m });
        var result = evaluator.Evaluate(new GuardrailInput
        {
            Now = h.World.Clock.GetUtcNow(),
            TimeZone = h.World.TimeZone,
            AccountId = h.TikTok.AccountId,
            Currency = h.World.Currency,
            Stage = RolloutStage.Pilot,
            AdSets = adSets,
        });

        var entries = await h.Actuator.RunAsync(h.Input(h.TikTok, RolloutStage.Pilot, adSets, [.. result.Decisions]), h.PlatformOf(h.TikTok), null, Ct);

        Assert.Equal(Raised(adSets[0]), h.BudgetOf(adSets[0].AdSet));
        Assert.All(adSets[1..], a => Assert.Equal(a.Current.DailyBudget.Amount, h.BudgetOf(a.AdSet)));
        Assert.Equal(ActionStatus.Applied, entries.Single(e => e.Decision.AdSet == adSets[0].AdSet).Status);
        Assert.All(entries.Where(e => e.Decision.AdSet != adSets[0].AdSet), e => Assert.Contains(e.Decision.GuardrailReasons, r => r.StartsWith("canary", StringComparison.Ordinal)));
        Assert.Single(h.Requests.Writes);
    }

    private sealed class SimulatedCrashException : Exception
    {
        public SimulatedCrashException()
            : base("the process died here")
        {
        }
    }

    /// <summary>A platform whose write kills the cycle just before, or just after, the real call.</summary>
    private sealed class CrashingPlatform(IAdPlatform inner, bool crashAfterCall) : IAdPlatform
    {
        public Platform Platform => inner.Platform;

        public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(AdAccountRef account, DateOnly day, CancellationToken cancellationToken) =>
            inner.GetHourlyInsightsAsync(account, day, cancellationToken);

        public Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
            AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            inner.GetDailyInsightsAsync(account, from, to, cancellationToken);

        public Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken) =>
            inner.GetAdSetsAsync(account, cancellationToken);

        public async Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken)
        {
            if (crashAfterCall)
            {
                await inner.UpdateAdSetAsync(account, update, cancellationToken);
            }

            throw new SimulatedCrashException();
        }
    }
}

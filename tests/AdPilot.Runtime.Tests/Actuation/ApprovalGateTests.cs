using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using Dapper;
using static AdPilot.Runtime.Tests.Actuation.ActuationHarness;
using GuardrailVerdict = AdPilot.Core.Guardrails.GuardrailVerdict;
using StoredVerdict = AdPilot.Storage.Actions.GuardrailVerdict;

namespace AdPilot.Runtime.Tests.Actuation;

/// <summary>
/// Every way an increase over the approval threshold could reach the platform without its approval: the gate on the
/// actuator's one write path refuses each, and the platform gets no write.
/// </summary>
public sealed class ApprovalGateTests(PostgresCluster cluster)
{
    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Recover_ApprovedExactChange_AppliedOnceAndConsumed(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var (adSet, before, target, approvalId, entryId) = await HoldAsync(h, 1.5m);

        await h.Approvals.DecideAsync(h.StoreId, approvalId, approve: true, "cli:owner", null, Ct);
        var applied = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal((entryId, ActionStatus.Applied), (applied.Id, applied.Status));
        Assert.Equal(target, h.BudgetOf(adSet));
        Assert.Single(h.Requests.Writes);
        Assert.NotNull(await ConsumedAtAsync(h, approvalId));
        Assert.NotEqual(before, target);
    }

    [Fact]
    public async Task Recover_CraftedIntentOverThresholdWithoutApproval_FailsAndSendsNothing()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSet = (await h.AdSetsAsync(h.TikTok))[0];
        var before = h.BudgetOf(adSet.AdSet);
        await h.Log.RecordAsync(h.StoreId, Intent(h, adSet, before * 3m, "crafted"), Ct);

        var failed = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Failed, failed.Status);
        Assert.StartsWith("approval_required: action", failed.Error, StringComparison.Ordinal);
        Assert.Equal(before, h.BudgetOf(adSet.AdSet));
        Assert.Empty(h.Requests.Writes);
    }

    [Fact]
    public async Task Recover_CraftedIntentUnderThreshold_AppliedWithoutApproval()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSet = (await h.AdSetsAsync(h.TikTok))[0];
        var target = Math.Round(h.BudgetOf(adSet.AdSet) * 1.1m, 2);
        await h.Log.RecordAsync(h.StoreId, Intent(h, adSet, target, "small"), Ct);

        var applied = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Applied, applied.Status);
        Assert.Equal(target, h.BudgetOf(adSet.AdSet));
    }

    [Fact]
    public async Task Recover_ApprovedButTheBudgetMovedSince_RefusesTheDifferentChange()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var (adSet, before, target, approvalId, _) = await HoldAsync(h, 1.5m);
        await h.Approvals.DecideAsync(h.StoreId, approvalId, approve: true, "cli:owner", null, Ct);
        h.ChangeByHand(adSet, Math.Round(before * 0.5m, 2));
        var lowered = h.BudgetOf(adSet);

        var failed = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Failed, failed.Status);
        Assert.Contains($"approves {before} → {target / 1.000000000000m:0.##} USD, not {lowered} → {target}", failed.Error, StringComparison.Ordinal);
        Assert.Equal(lowered, h.BudgetOf(adSet));
        Assert.Empty(h.Requests.Writes);
        Assert.Null(await ConsumedAtAsync(h, approvalId));
    }

    [Theory]
    [InlineData("rejected")]
    [InlineData("expired")]
    [InlineData("pending")]
    public async Task Recover_ActionForcedOpenWhileItsApprovalIsNotApproved_Refused(string status)
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var (adSet, before, _, approvalId, entryId) = await HoldAsync(h, 1.5m);
        if (status == "rejected")
        {
            await h.Approvals.DecideAsync(h.StoreId, approvalId, approve: false, "cli:owner", null, Ct);
        }
        else if (status == "expired")
        {
            h.World.Advance(7);
            await Assert.ThrowsAsync<InvalidOperationException>(() => h.Approvals.DecideAsync(h.StoreId, approvalId, approve: true, "cli:owner", null, Ct));
        }

        // What a crafted write (or a bug) could do: open the held action as an intent without an approval.
        await using (var connection = await h.Db.Database.OpenConnectionAsync(Ct))
        {
            await connection.ExecuteAsync("UPDATE actions_log SET status = 'intended', attempted_at = @now WHERE id = @entryId", new { entryId, now = h.World.Clock.GetUtcNow() });
        }

        var failed = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Failed, failed.Status);
        Assert.Contains($"is {status}, not approved", failed.Error, StringComparison.Ordinal);
        Assert.Equal(before, h.BudgetOf(adSet));
        Assert.Empty(h.Requests.Writes);
    }

    [Fact]
    public async Task Recover_ApprovalReplayedForASecondAction_Refused()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var (adSet, before, target, approvalId, _) = await HoldAsync(h, 1.5m);
        await h.Approvals.DecideAsync(h.StoreId, approvalId, approve: true, "cli:owner", null, Ct);
        Assert.Equal(ActionStatus.Applied, Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct)).Status);

        // A person puts the budget back; the same change again, as another action, finds no approval of its own.
        h.ChangeByHand(adSet, before);
        h.World.Advance(1);
        var guarded = (await h.AdSetsAsync(h.TikTok)).Single(a => a.AdSet == adSet);
        await h.Log.RecordAsync(h.StoreId, Intent(h, guarded, target, "replay"), Ct);
        var writes = h.Requests.Writes.Count;
        var replay = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Failed, replay.Status);
        Assert.Contains("has no approval", replay.Error, StringComparison.Ordinal);
        Assert.Equal(before, h.BudgetOf(adSet));
        Assert.Equal(writes, h.Requests.Writes.Count);
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Approvals.DecideAsync(h.StoreId, approvalId, approve: true, "cli:owner", null, Ct));
    }

    [Fact]
    public async Task Restore_PutsBackAHumanBudgetOverTheThreshold_ButACraftedRestoreToAnotherBudgetIsRefused()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var (cut, other) = (adSets[0], adSets[1]);
        var human = cut.Current.DailyBudget.Amount;
        await h.Actuator.RunAsync(h.Input(h.TikTok, RolloutStage.Expand, adSets, Allow(cut, Math.Round(human * 0.5m, 2))), h.PlatformOf(h.TikTok), null, Ct);
        await h.KillSwitch.EngageAsync(h.StoreId, "test", Ct);
        var otherBefore = h.BudgetOf(other.AdSet);
        var crafted = Intent(h, other, otherBefore * 3m, "restore") with { PolicyName = ActionPolicies.KillSwitch };
        await h.Log.RecordAsync(h.StoreId, crafted, Ct);

        var restored = Assert.Single(await h.KillSwitch.RestoreAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, RolloutStage.Expand, Ct));
        var refused = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal((cut.AdSet, ActionStatus.Applied), (restored.Decision.AdSet, restored.Status));
        Assert.Equal(human, h.BudgetOf(cut.AdSet));
        Assert.Equal((other.AdSet, ActionStatus.Failed), (refused.Decision.AdSet, refused.Status));
        Assert.Contains("may only put back the ad set's last human budget", refused.Error, StringComparison.Ordinal);
        Assert.Equal(otherBefore, h.BudgetOf(other.AdSet));
    }

    [Fact]
    public void RecentIncreases_SumsAdPilotsAppliedIncreasesInTheWindowOnly()
    {
        var since = new DateTimeOffset(2026, 3, 1, 0, 0, 0, TimeSpan.Zero);
        var a = new AdSetRef(Platform.TikTok, "a");
        ActionLogEntry Entry(string policy, decimal from, decimal to, DateTimeOffset completed, ActionStatus status = ActionStatus.Applied) => new(
            1,
            new ActionDecision
            {
                IdempotencyKey = Guid.NewGuid().ToString(),
                AdSet = a,
                Hour = completed,
                Mode = RolloutMode.Expand,
                StateJson = $$"""{"current_budget": {{from}}}""",
                PolicyName = policy,
                PolicyVersion = "1",
                ProposedActionJson = "{}",
                FinalActionJson = new ActionSettings(to, "USD", AdSetStatus.Active, null, null, null).ToJson(),
                Verdict = StoredVerdict.Allow,
                Status = status,
            },
            "accepted",
            null,
            completed,
            completed,
            completed);

        var sums = RecentIncreases.Sum(
            [
                Entry("bandit", 100m, 119m, since.AddHours(1)),
                Entry("bandit", 119m, 141m, since.AddHours(4)),
                Entry("bandit", 141m, 130m, since.AddHours(7)),
                Entry("bandit", 50m, 90m, since.AddHours(-1)),
                Entry(ActionPolicies.Human, 130m, 500m, since.AddHours(8)),
                Entry(ActionPolicies.KillSwitch, 130m, 400m, since.AddHours(9)),
                Entry("bandit", 130m, 200m, since.AddHours(9), ActionStatus.Failed),
            ],
            since);

        Assert.Equal(41m, sums[a]);
    }

    /// <summary>A held increase by <paramref name="factor"/> of the first TikTok ad set, and its approval request.</summary>
    private static async Task<(AdSetRef AdSet, decimal Before, decimal Target, long ApprovalId, long EntryId)> HoldAsync(ActuationHarness h, decimal factor)
    {
        var adSets = await h.AdSetsAsync(h.TikTok);
        var before = h.BudgetOf(adSets[0].AdSet);
        var target = Math.Round(before * factor, 2);
        var change = adSets[0].Current.WithBudget(new Money(target, h.World.Currency));
        var decision = new GuardrailDecision(
            adSets[0].AdSet, GuardrailVerdict.RequireApproval, change, change, [new GuardrailReason(GuardrailReasonCodes.ApprovalRequired, "over 20%")],
            h.World.Clock.GetUtcNow().AddHours(6));
        var entry = Assert.Single(await h.Actuator.RunAsync(h.Input(h.TikTok, RolloutStage.Expand, adSets, decision), h.PlatformOf(h.TikTok), null, Ct));
        var approval = Assert.Single(await h.Approvals.ListPendingAsync(h.StoreId, Ct));
        Assert.Equal(new AdPilot.Storage.Approvals.ApprovedChange(before, target, h.World.Currency), approval.Change);
        return (adSets[0].AdSet, before, target, approval.Id, entry.Id);
    }

    private static ActionDecision Intent(ActuationHarness h, GuardedAdSet adSet, decimal budget, string key)
    {
        var json = ActionSettings.From(adSet.Current.WithBudget(new Money(budget, adSet.Current.DailyBudget.Currency))).ToJson();
        return new ActionDecision
        {
            IdempotencyKey = $"{key}:{adSet.AdSet}:{h.Hour:O}",
            AdSet = adSet.AdSet,
            Hour = h.Hour,
            Mode = RolloutMode.Expand,
            StateJson = "{}",
            PolicyName = "bandit",
            PolicyVersion = "1.0",
            ProposedActionJson = json,
            FinalActionJson = json,
            Verdict = StoredVerdict.Allow,
            Status = ActionStatus.Intended,
        };
    }

    private static async Task<DateTimeOffset?> ConsumedAtAsync(ActuationHarness h, long approvalId)
    {
        await using var connection = await h.Db.Database.OpenConnectionAsync(Ct);
        var value = await connection.ExecuteScalarAsync<object?>("SELECT consumed_at FROM approvals WHERE id = @approvalId", new { approvalId });
        return value switch
        {
            null or DBNull => null,
            DateTime time => new DateTimeOffset(DateTime.SpecifyKind(time, DateTimeKind.Utc)),
            _ => DateTimeOffset.Parse((string)value, System.Globalization.CultureInfo.InvariantCulture),
        };
    }
}

using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;
using GuardrailVerdict = AdPilot.Core.Guardrails.GuardrailVerdict;
using static AdPilot.Runtime.Tests.Actuation.ActuationHarness;

namespace AdPilot.Runtime.Tests.Actuation;

/// <summary>How the actuator records platform failures, stale intents and the batch path, against the sandbox.</summary>
public sealed class ActuatorFailureTests(PostgresCluster cluster)
{
    [Fact]
    public async Task RunAsync_ChangeLimitAndCampaignOwnedBudget_FailWithTheirReasonAndAreNotRetried()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var context = new PlatformErrorContext(ExternalApi.TikTok, h.TikTok.AccountId, "40100");
        var failing = new FailingPlatform(h.PlatformOf(h.TikTok), u => u.AdSet == adSets[0].AdSet
            ? new PlatformChangeLimitException(context, "too many budget changes this hour", TimeSpan.FromHours(1))
            : new PlatformBudgetOwnedByCampaignException(context, "the campaign owns the budget", "c-1"));
        var input = h.Input(h.TikTok, RolloutStage.Expand, adSets, Allow(adSets[0], Raised(adSets[0])), Allow(adSets[1], Raised(adSets[1])));

        var entries = await h.Actuator.RunAsync(input, failing, null, Ct);
        var recovered = await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct);

        Assert.All(entries, e => Assert.Equal(ActionStatus.Failed, e.Status));
        Assert.StartsWith("change_limit:", entries.Single(e => e.Decision.AdSet == adSets[0].AdSet).Error, StringComparison.Ordinal);
        Assert.StartsWith("budget_owned_by_campaign:", entries.Single(e => e.Decision.AdSet == adSets[1].AdSet).Error, StringComparison.Ordinal);
        Assert.Empty(recovered);
        Assert.Equal(2, failing.Calls);
        Assert.Equal(adSets[0].Current.DailyBudget.Amount, h.BudgetOf(adSets[0].AdSet));
    }

    [Fact]
    public async Task RunAsync_TransientError_LeavesTheIntentForTheNextCyclesRecovery()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var target = Raised(adSets[0]);
        var failing = new FailingPlatform(
            h.PlatformOf(h.TikTok), _ => new PlatformUnavailableException(new PlatformErrorContext(ExternalApi.TikTok, h.TikTok.AccountId, "50000"), "try later"));

        var entry = Assert.Single(await h.Actuator.RunAsync(
            h.Input(h.TikTok, RolloutStage.Pilot, adSets, Allow(adSets[0], target)), failing, null, Ct));
        h.World.Advance(1);
        var recovered = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Intended, entry.Status);
        Assert.Equal((entry.Id, ActionStatus.Applied), (recovered.Id, recovered.Status));
        Assert.Equal(target, h.BudgetOf(adSets[0].AdSet));
    }

    [Fact]
    public async Task RunAsync_WriteWhoseAnswerCannotBeRead_StaysOpenAndRecoveryFindsItAppliedWithoutASecondCall()
    {
        // Found by the chaos soak: the platform made the change but half its answer arrived; the intent was failed as
        // rejected, and the next cycle logged AdPilot's own change as a person's.
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var target = Raised(adSets[0]);
        h.Server.ReplaceFaults(new SandboxFaults
        {
            Rules = [new FaultRule { Platform = FaultPlatform.TikTok, Endpoint = "adgroup_update", Fault = FaultKind.MalformedBody, Probability = 1, Times = 1 }],
        });

        var entry = Assert.Single(await h.Actuator.RunAsync(
            h.Input(h.TikTok, RolloutStage.Expand, adSets, Allow(adSets[0], target)), h.PlatformOf(h.TikTok), null, Ct));
        h.World.Advance(1);
        var recovered = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));
        var human = await h.Actuator.DetectHumanChangesAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), RolloutStage.Expand, Ct);

        Assert.Equal(ActionStatus.Intended, entry.Status);
        Assert.Equal((entry.Id, ActionStatus.Applied), (recovered.Id, recovered.Status));
        Assert.Equal(target, h.BudgetOf(adSets[0].AdSet));
        Assert.Empty(human);
        Assert.Single(h.Requests.Writes);
    }

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task RecoverAsync_IntentOlderThanItsTtl_IsMarkedStaleAndNotApplied(DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var before = h.BudgetOf(adSets[0].AdSet);
        var crashing = new FailingPlatform(h.PlatformOf(h.TikTok), _ => throw new OperationCanceledException("the cycle was killed"));
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h.Actuator.RunAsync(
            h.Input(h.TikTok, RolloutStage.Pilot, adSets, Allow(adSets[0], Raised(adSets[0]))), crashing, null, Ct));

        h.World.Advance(3);
        var recovered = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Failed, recovered.Status);
        Assert.StartsWith("stale:", recovered.Error, StringComparison.Ordinal);
        Assert.Equal(before, h.BudgetOf(adSets[0].AdSet));
        Assert.Empty(h.Requests.Writes);
    }

    [Fact]
    public async Task RunAsync_SeveralMetaUpdates_MakeOneBatchCallAndNoSingleCall()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.Meta);
        var batch = new RecordingBatch(h.MetaBatch);
        var single = new FailingPlatform(h.PlatformOf(h.Meta), _ => throw new InvalidOperationException("the single path must not be used"));

        var entries = await h.Actuator.RunAsync(
            h.Input(h.Meta, RolloutStage.Expand, adSets, [.. adSets.Select(a => Allow(a, Raised(a)))]), single, batch, Ct);

        Assert.Equal(adSets.Count, Assert.Single(batch.Calls));
        Assert.All(entries, e => Assert.Equal(ActionStatus.Applied, e.Status));
        Assert.All(entries, e => Assert.StartsWith("accepted (batch)", e.PlatformResponse, StringComparison.Ordinal));
    }

    [Fact]
    public async Task RunAsync_OneMetaUpdate_UsesTheSingleCall()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.Meta);
        var batch = new RecordingBatch(h.MetaBatch);

        var entry = Assert.Single(await h.Actuator.RunAsync(
            h.Input(h.Meta, RolloutStage.Expand, adSets, Allow(adSets[0], Raised(adSets[0]))), h.PlatformOf(h.Meta), batch, Ct));

        Assert.Empty(batch.Calls);
        Assert.Equal(ActionStatus.Applied, entry.Status);
        Assert.Contains(adSets[0].AdSet.ExternalId, Assert.Single(h.Requests.Writes).Path, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_WholeBatchFailsTransiently_LeavesEveryIntentOpenAndRecoveryAppliesThem()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.Meta);
        var down = new ThrowingBatch(new PlatformUnavailableException(new PlatformErrorContext(ExternalApi.Meta, h.Meta.AccountId, "2"), "service unavailable"));

        var entries = await h.Actuator.RunAsync(
            h.Input(h.Meta, RolloutStage.Expand, adSets, [.. adSets.Select(a => Allow(a, Raised(a)))]), h.PlatformOf(h.Meta), down, Ct);
        var recovered = await h.Actuator.RecoverAsync(h.StoreId, h.Meta, h.PlatformOf(h.Meta), h.MetaBatch, Ct);

        Assert.All(entries, e => Assert.Equal(ActionStatus.Intended, e.Status));
        Assert.Equal(entries.Select(e => e.Id), recovered.Select(e => e.Id).Order());
        Assert.All(recovered, e => Assert.Equal(ActionStatus.Applied, e.Status));
        Assert.All(adSets, a => Assert.Equal(Raised(a), h.BudgetOf(a.AdSet)));
    }

    [Fact]
    public async Task RecoverAsync_ApprovedWhileKillSwitchEngaged_FailsTheIntentWithoutWriting()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var change = adSets[0].Current.WithBudget(new AdPilot.Core.Domain.Money(Raised(adSets[0]), h.World.Currency));
        var decision = new GuardrailDecision(adSets[0].AdSet, GuardrailVerdict.RequireApproval, change, change, [], h.World.Clock.GetUtcNow().AddHours(6));
        await h.Actuator.RunAsync(h.Input(h.TikTok, RolloutStage.Expand, adSets, decision), h.PlatformOf(h.TikTok), null, Ct);
        var pending = Assert.Single(await h.Approvals.ListPendingAsync(h.StoreId, Ct));
        await h.Approvals.DecideAsync(h.StoreId, pending.Id, approve: true, "owner@example.com", null, Ct);

        await h.KillSwitch.EngageAsync(h.StoreId, "manual stop", Ct);
        var recovered = Assert.Single(await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct));

        Assert.Equal(ActionStatus.Failed, recovered.Status);
        Assert.StartsWith("kill_switch:", recovered.Error, StringComparison.Ordinal);
        Assert.Equal(adSets[0].Current.DailyBudget.Amount, h.BudgetOf(adSets[0].AdSet));
        Assert.Empty(h.Requests.Writes);
    }

    [Fact]
    public async Task RunAsync_ApprovalLapses_NothingIsAppliedAndTheEntryStaysPending()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite);
        var adSets = await h.AdSetsAsync(h.TikTok);
        var change = adSets[0].Current.WithBudget(new AdPilot.Core.Domain.Money(Raised(adSets[0]), h.World.Currency));
        var decision = new GuardrailDecision(adSets[0].AdSet, GuardrailVerdict.RequireApproval, change, change, [], h.World.Clock.GetUtcNow().AddHours(2));
        var entry = Assert.Single(await h.Actuator.RunAsync(h.Input(h.TikTok, RolloutStage.Expand, adSets, decision), h.PlatformOf(h.TikTok), null, Ct));
        var pending = Assert.Single(await h.Approvals.ListPendingAsync(h.StoreId, Ct));

        h.World.Advance(3);
        await Assert.ThrowsAsync<InvalidOperationException>(() => h.Approvals.DecideAsync(h.StoreId, pending.Id, approve: true, "owner@example.com", null, Ct));
        var recovered = await h.Actuator.RecoverAsync(h.StoreId, h.TikTok, h.PlatformOf(h.TikTok), null, Ct);

        Assert.Empty(recovered);
        Assert.Equal(ActionStatus.PendingApproval, (await h.Log.GetAsync(h.StoreId, entry.Id, Ct))!.Status);
        Assert.Equal(adSets[0].Current.DailyBudget.Amount, h.BudgetOf(adSets[0].AdSet));
        Assert.Empty(h.Requests.Writes);
    }

    /// <summary>A batch path whose every call fails with <paramref name="error"/>.</summary>
    private sealed class ThrowingBatch(PlatformException error) : IBatchAdPlatform
    {
        public Task<IReadOnlyList<BatchUpdateResult>> UpdateAdSetsAsync(AdAccountRef account, IReadOnlyList<BatchUpdate> updates, CancellationToken cancellationToken) =>
            Task.FromException<IReadOnlyList<BatchUpdateResult>>(error);
    }

    /// <summary>A platform whose writes fail as <paramref name="fail"/> says (returning an error, or throwing), counting them.</summary>
    private sealed class FailingPlatform(IAdPlatform inner, Func<AdSetUpdate, PlatformException?> fail) : IAdPlatform
    {
        public int Calls { get; private set; }

        public Platform Platform => inner.Platform;

        public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(AdAccountRef account, DateOnly day, CancellationToken cancellationToken) =>
            inner.GetHourlyInsightsAsync(account, day, cancellationToken);

        public Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(
            AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            inner.GetDailyInsightsAsync(account, from, to, cancellationToken);

        public Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken) =>
            inner.GetAdSetsAsync(account, cancellationToken);

        public Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken)
        {
            Calls++;
            return fail(update) is { } error ? Task.FromException(error) : inner.UpdateAdSetAsync(account, update, cancellationToken);
        }
    }

    /// <summary>The batch path, recording how many updates each call carried.</summary>
    private sealed class RecordingBatch(IBatchAdPlatform inner) : IBatchAdPlatform
    {
        public List<int> Calls { get; } = [];

        public Task<IReadOnlyList<BatchUpdateResult>> UpdateAdSetsAsync(AdAccountRef account, IReadOnlyList<BatchUpdate> updates, CancellationToken cancellationToken)
        {
            Calls.Add(updates.Count);
            return inner.UpdateAdSetsAsync(account, updates, cancellationToken);
        }
    }
}

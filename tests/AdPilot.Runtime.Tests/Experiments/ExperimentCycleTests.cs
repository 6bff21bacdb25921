using AdPilot.Core.Domain;
using AdPilot.Core.Experiments;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Platforms;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Experiments;
using AdPilot.Runtime.Tests.Loop;
using AdPilot.Sandbox;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Experiments;
using AdPilot.Storage.Tests.Infrastructure;
using static AdPilot.Runtime.Tests.Loop.LoopHarness;

namespace AdPilot.Runtime.Tests.Experiments;

/// <summary>
/// Targeting experiments inside the hourly cycle, as <c>adpilot run</c> builds it, against the sandbox over loopback: the
/// Meta and TikTok connectors copy the ad set, the actuator's write path moves the budgets, the reward job scores both arms
/// from Shopify's orders, and the kill switch and people end experiments early.
/// </summary>
public sealed class ExperimentCycleTests(PostgresCluster cluster)
{
    private static readonly Dictionary<string, string?> Short = new()
    {
        ["Experiments:DurationHours"] = "48",
        ["Experiments:WarmUpHours"] = "12",
        ["Experiments:BlockHours"] = "12",
        ["Experiments:MinBlocks"] = "3",
    };

    private static CancellationToken Token => Ct;

    /// <summary>A policy's targeting proposal for the account's first managed ad set, recorded by the runner as the cycle records it.</summary>
    private static async Task<(AdAccountRef Account, AdSetRef Original, TargetingExperiment Experiment, IReadOnlyList<ActionLogEntry> Entries)> ProposeAsync(
        LoopHarness h, Platform platform, RolloutStage stage)
    {
        var account = h.Accounts.First(a => a.Platform == platform);
        var hour = await h.Cycle.PrepareAsync(h.StoreId, account, h.Hour, stage, Token);
        var actions = hour.States.Select((s, i) => i == 0 ? AdAction.Keep(s) with { TargetAgeGroup = AgeGroup.Age25To34, TargetInterests = Interests.Fitness } : AdAction.Keep(s)).ToArray();
        var (_, _, entries, _) = await h.Cycle.ApplyAsync(hour, actions, [.. actions.Select(_ => 1.0)], new PolicyProvenance("test", "1"), Token);
        var proposed = await h.Parts.Experiments!.ProposeAsync(h.StoreId, account, hour.Order, hour.States, actions, new PolicyProvenance("test", "1"), Token);
        return (account, hour.Order[0], Assert.Single(proposed), entries);
    }

    /// <summary>An hour later, the policy's proposal for the account's first managed ad set, approved by a person.</summary>
    private static async Task<(AdAccountRef Account, AdSetRef Original, TargetingExperiment Experiment, ExperimentStore Store)> ApprovedAsync(LoopHarness h, Platform platform)
    {
        h.World.Advance(1);
        var (account, original, experiment, _) = await ProposeAsync(h, platform, RolloutStage.Expand);
        var store = new ExperimentStore(h.Db.Database, h.World.Clock);
        return (account, original, await store.DecideAsync(h.StoreId, experiment.Id, approve: true, "cli:ana", Token), store);
    }

    private static Task<TargetingExperiment> ReadAsync(LoopHarness h, long id) =>
        new ExperimentStore(h.Db.Database, h.World.Clock).GetAsync(h.StoreId, id, Token)!;

    [Theory]
    [InlineData(Platform.Instagram, DatabaseDialect.Sqlite)]
    [InlineData(Platform.TikTok, DatabaseDialect.Sqlite)]
    [InlineData(Platform.Instagram, DatabaseDialect.PostgreSql)]
    public async Task Proposal_IsNeverAppliedToTheRunningAdSet_ThenApprovedItRunsAsACopyAndTheWinnerKeepsTheBudget(Platform platform, DatabaseDialect dialect)
    {
        await using var h = await StartAsync(cluster, dialect, Short, historyHours: 24);
        h.World.Advance(1);
        var (account, original, experiment, entries) = await ProposeAsync(h, platform, RolloutStage.Expand);
        var index = h.World.Find(original.Platform, original.ExternalId)!.Index;
        var targeting = h.World.TargetingOf(index);
        var adSets = h.World.AdSets.Count;

        // Logged as a proposal; the running ad set keeps its targeting, and nothing starts without a person's approval.
        Assert.Equal((ExperimentStatus.Proposed, AgeGroup.Age25To34, Interests.Fitness, "policy:test@1"), (experiment.Status, experiment.ToAgeGroup, experiment.ToInterests, experiment.ProposedBy));
        Assert.DoesNotContain(entries, e => e.Decision.PolicyName == ActionPolicies.AbTest);
        await h.RunHoursAsync(2, RolloutStage.Expand);
        Assert.Equal(ExperimentStatus.Proposed, (await ReadAsync(h, experiment.Id)).Status);
        Assert.Equal(adSets, h.World.AdSets.Count);

        // Approved: in shadow nothing starts; in expand the next cycle cuts the original's budget and makes the copy.
        var budget = h.BudgetOf(original);
        await new ExperimentStore(h.Db.Database, h.World.Clock).DecideAsync(h.StoreId, experiment.Id, approve: true, "cli:ana", Token);
        await h.RunHoursAsync(1, RolloutStage.Shadow);
        Assert.Equal(ExperimentStatus.Approved, (await ReadAsync(h, experiment.Id)).Status);
        budget = h.BudgetOf(original);
        await h.RunHoursAsync(1, RolloutStage.Expand);
        var running = await ReadAsync(h, experiment.Id);
        Assert.Equal(ExperimentStatus.Running, running.Status);
        var copy = running.Copy!.Value;
        var copyIndex = h.World.Find(copy.Platform, copy.ExternalId)!.Index;
        var test = running.TestBudget!.Value;
        Assert.Equal(budget, running.OriginalBudget);
        Assert.Equal(Math.Round(Math.Min(budget * 0.2m, 50m), 2, MidpointRounding.ToZero), test);
        Assert.Equal((budget - test, test), (h.BudgetOf(original), h.BudgetOf(copy)));
        Assert.Equal(new AdSetTargeting(AgeGroup.Age25To34, Interests.Fitness), h.World.TargetingOf(copyIndex));
        Assert.Equal(targeting, h.World.TargetingOf(index));
        Assert.Equal(running.CopyName, h.World.NameOf(copyIndex));

        // Both run untouched by the policy until the period is over; then the loser is paused and the winner keeps it all.
        var decidedFrom = h.World.Clock.GetUtcNow();
        while ((await ReadAsync(h, experiment.Id)).Status == ExperimentStatus.Running)
        {
            Assert.True(h.BudgetOf(copy) <= test && h.BudgetOf(copy) + h.BudgetOf(original) <= budget);
            await h.RunHoursAsync(1, RolloutStage.Expand);
        }

        var done = await ReadAsync(h, experiment.Id);
        Assert.Equal(ExperimentStatus.Concluded, done.Status);
        var (winner, loser) = done.Winner == ExperimentArm.Copy ? (copy, original) : (original, copy);
        Assert.Equal(budget, h.BudgetOf(winner));
        Assert.Equal(AdSetStatus.Paused, h.World.SettingsOf(h.World.Find(loser.Platform, loser.ExternalId)!.Index).Status);
        Assert.NotNull(done.PValue);
        Assert.NotNull(done.OriginalProfit);

        var log = await h.EntriesAsync();
        var steps = log.Where(e => e.Decision.PolicyName == ActionPolicies.AbTest).ToArray();
        Assert.Equal(["cut", "copy", "pause-loser", "keep-winner"], steps.Select(e => e.Decision.IdempotencyKey.Split(':')[^1]));
        Assert.All(steps, e => Assert.Equal(ActionStatus.Applied, e.Status));
        var policyWhileHeld = log.Where(e => e.DecidedAt > decidedFrom && e.DecidedAt < done.FinishedAt && (e.Decision.AdSet == original || e.Decision.AdSet == copy)
            && e.Decision.PolicyName != ActionPolicies.AbTest);
        Assert.Empty(policyWhileHeld);
    }

    [Fact]
    public async Task KillSwitch_PausesTheCopy_RestoresTheOriginal_AndEndsTheExperiment()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite, Short, historyHours: 24);
        var (account, original, experiment, store) = await ApprovedAsync(h, Platform.Instagram);
        await h.RunHoursAsync(1, RolloutStage.Expand);
        var running = await ReadAsync(h, experiment.Id);
        var copy = running.Copy!.Value;
        await h.RunHoursAsync(3, RolloutStage.Expand);

        var kill = h.Parts.KillSwitch;
        await kill.EngageAsync(h.StoreId, "test: stop everything", Token);
        var restored = await kill.RestoreAsync(h.StoreId, account, h.Parts.Platforms.For(account), h.Parts.Batches.For(account), RolloutStage.Expand, Token);
        Assert.Equal(AdSetStatus.Paused, h.World.SettingsOf(h.World.Find(copy.Platform, copy.ExternalId)!.Index).Status);
        Assert.Equal(running.OriginalBudget, h.BudgetOf(original));
        Assert.Contains(restored, e => e.Decision.AdSet == copy && e.Status == ActionStatus.Applied);

        await h.RunHoursAsync(1, RolloutStage.Expand);
        var ended = await ReadAsync(h, experiment.Id);
        Assert.Equal((ExperimentStatus.Ended, "ended by the kill switch"), (ended.Status, ended.Outcome));
        Assert.Equal(AdSetStatus.Paused, h.World.SettingsOf(h.World.Find(copy.Platform, copy.ExternalId)!.Index).Status);
    }

    [Fact]
    public async Task EndRequest_PausesTheCopyAndGivesTheOriginalItsBudgetBack_AtTheNextCycle()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite, Short, historyHours: 24);
        var (_, original, experiment, store) = await ApprovedAsync(h, Platform.TikTok);
        await h.RunHoursAsync(2, RolloutStage.Expand);
        var running = await ReadAsync(h, experiment.Id);

        await store.RequestEndAsync(h.StoreId, experiment.Id, "cli:bo", Token);
        await h.RunHoursAsync(1, RolloutStage.Expand);

        var ended = await ReadAsync(h, experiment.Id);
        Assert.Equal((ExperimentStatus.Ended, "ended early by cli:bo"), (ended.Status, ended.Outcome));
        Assert.Equal(running.OriginalBudget, h.BudgetOf(original));
        Assert.Equal(AdSetStatus.Paused, h.World.SettingsOf(h.World.Find(running.Copy!.Value.Platform, running.Copy.Value.ExternalId)!.Index).Status);
        var steps = (await h.EntriesAsync()).Where(e => e.Decision.PolicyName == ActionPolicies.AbTest).Select(e => e.Decision.IdempotencyKey.Split(':')[^1]);
        Assert.Equal(["cut", "copy", "end-pause-copy", "end-restore"], steps);
    }

    [Fact]
    public async Task ACopyWhoseAnswerWasLost_IsFoundByName_NotMadeTwice()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite, Short, historyHours: 24);
        var (account, original, experiment, store) = await ApprovedAsync(h, Platform.Instagram);
        var adSets = h.World.AdSets.Count;
        var lossy = new LostAnswer(h.Parts.Platforms.For(account));

        await h.Parts.Experiments!.AdvanceAsync(h.StoreId, account, lossy, RolloutStage.Expand, Token);
        Assert.Equal((ExperimentStatus.Starting, 1, adSets + 1), ((await ReadAsync(h, experiment.Id)).Status, lossy.Clones, h.World.AdSets.Count));

        await h.Parts.Experiments.AdvanceAsync(h.StoreId, account, lossy, RolloutStage.Expand, Token);
        var running = await ReadAsync(h, experiment.Id);
        Assert.Equal((ExperimentStatus.Running, 1, adSets + 1), (running.Status, lossy.Clones, h.World.AdSets.Count));
        Assert.Equal(h.World.AdSets[^1].Ref, running.Copy);
        Assert.Equal(running.OriginalBudget - running.TestBudget, h.BudgetOf(original));
    }

    [Fact]
    public async Task ACopyMadeOnlyInPart_IsLeftPaused_AndTheOriginalGetsItsBudgetBack()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite, Short, historyHours: 24);
        var (account, original, experiment, store) = await ApprovedAsync(h, Platform.Instagram);
        var budget = h.BudgetOf(original);
        var adSets = h.World.AdSets.Count;
        var partial = new PartialCopy(h.Parts.Platforms.For(account), h.World);

        await h.Parts.Experiments!.AdvanceAsync(h.StoreId, account, partial, RolloutStage.Expand, Token);
        Assert.Equal(ExperimentStatus.Starting, (await ReadAsync(h, experiment.Id)).Status);
        await h.Parts.Experiments.AdvanceAsync(h.StoreId, account, partial, RolloutStage.Expand, Token);

        var failed = await ReadAsync(h, experiment.Id);
        Assert.Equal(ExperimentStatus.Failed, failed.Status);
        Assert.Contains("only in part", failed.Outcome, StringComparison.Ordinal);
        Assert.Equal(budget, h.BudgetOf(original));
        Assert.Equal((adSets + 1, AdSetStatus.Paused), (h.World.AdSets.Count, h.World.SettingsOf(adSets).Status));
        Assert.Empty(await h.Parts.Experiments.HeldAdSetsAsync(h.StoreId, Token));
    }

    [Fact]
    public async Task AnExperimentStep_CannotRaiseABudgetBeyondWhatTheExperimentRecorded()
    {
        await using var h = await StartAsync(cluster, DatabaseDialect.Sqlite, Short, historyHours: 24);
        var (account, original, experiment, store) = await ApprovedAsync(h, Platform.Instagram);
        await h.RunHoursAsync(1, RolloutStage.Expand);
        var running = await ReadAsync(h, experiment.Id);
        var copy = running.Copy!.Value;

        // A crafted intent in the log, named as an experiment's step: raise the copy to the whole budget while it runs.
        var log = new ActionLog(h.Db.Database, h.World.Clock);
        var json = new ActionSettings(running.OriginalBudget, running.Currency, AdSetStatus.Active, null, null, null).ToJson();
        var forged = await log.RecordAsync(
            h.StoreId,
            new ActionDecision
            {
                IdempotencyKey = $"forged:{copy.ExternalId}",
                AdSet = copy,
                Hour = h.Hour,
                Mode = RolloutMode.Expand,
                StateJson = "{}",
                PolicyName = ActionPolicies.AbTest,
                PolicyVersion = ActionPolicies.Version,
                ProposedActionJson = json,
                FinalActionJson = json,
                Verdict = Storage.Actions.GuardrailVerdict.Allow,
                Status = ActionStatus.Intended,
            },
            Token);
        var settled = await h.Parts.Actuator.RecoverAsync(h.StoreId, account, h.Parts.Platforms.For(account), h.Parts.Batches.For(account), Token);

        var refused = Assert.Single(settled, e => e.Id == forged.Id);
        Assert.Equal(ActionStatus.Failed, refused.Status);
        Assert.StartsWith("approval_required: experiment", refused.Error, StringComparison.Ordinal);
        Assert.Equal(running.TestBudget, h.BudgetOf(copy));
        Assert.Equal(running.OriginalBudget - running.TestBudget, h.BudgetOf(original));
    }

    /// <summary>The sandbox's platform, with the copy call replaced.</summary>
    private abstract class CopyingPlatform(IAdPlatform inner) : IAdPlatform, IAdSetCloner
    {
        public Platform Platform => inner.Platform;

        protected IAdSetCloner Inner => (IAdSetCloner)inner;

        public Task<IReadOnlyList<AdSetHourInsight>> GetHourlyInsightsAsync(AdAccountRef account, DateOnly day, CancellationToken cancellationToken) =>
            inner.GetHourlyInsightsAsync(account, day, cancellationToken);

        public Task<IReadOnlyList<AdSetDayInsight>> GetDailyInsightsAsync(AdAccountRef account, DateOnly from, DateOnly to, CancellationToken cancellationToken) =>
            inner.GetDailyInsightsAsync(account, from, to, cancellationToken);

        public Task<IReadOnlyList<AdSetSnapshot>> GetAdSetsAsync(AdAccountRef account, CancellationToken cancellationToken) => inner.GetAdSetsAsync(account, cancellationToken);

        public Task UpdateAdSetAsync(AdAccountRef account, AdSetUpdate update, CancellationToken cancellationToken) => inner.UpdateAdSetAsync(account, update, cancellationToken);

        public abstract Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken);
    }

    /// <summary>A platform that makes Meta's paused copy under its copy name, then loses the update that would finish it.</summary>
    private sealed class PartialCopy(IAdPlatform inner, SandboxWorld world) : CopyingPlatform(inner)
    {
        public override Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken)
        {
            var original = world.Find(request.Original.Platform, request.Original.ExternalId)!;
            world.CloneAdSet(original.Index, world.NameOf(original.Index) + " - " + request.Name, world.TargetingOf(original.Index), world.SettingsOf(original.Index).DailyBudget, AdSetStatus.Paused);
            throw new PlatformUnavailableException(new PlatformErrorContext(ExternalApi.Meta, account.AccountId), "the copy's update timed out");
        }
    }

    /// <summary>A platform whose copy is made but whose answer never arrives (a timeout after the platform acted).</summary>
    private sealed class LostAnswer(IAdPlatform inner) : CopyingPlatform(inner)
    {
        public int Clones { get; private set; }

        public override async Task<AdSetRef> CloneAdSetAsync(AdAccountRef account, AdSetCloneRequest request, CancellationToken cancellationToken)
        {
            Clones++;
            var copy = await Inner.CloneAdSetAsync(account, request, cancellationToken);
            return Clones == 1
                ? throw new PlatformUnavailableException(new PlatformErrorContext(ExternalApi.Meta, account.AccountId), "the copy's answer timed out")
                : copy;
        }
    }
}

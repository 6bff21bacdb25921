using System.Globalization;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Loop;
using AdPilot.Sandbox;
using AdPilot.Sandbox.Faults;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Approvals;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Loop;

/// <summary>
/// The hourly loop end to end over real HTTP against the sandbox, 14 simulated days at a time: what each rollout stage
/// may and may not do to the ad sets, checked against the world's own record of every hour's budgets.
/// </summary>
public sealed class HourlyCycleTests(PostgresCluster cluster)
{
    private const int Days = 14;

    [Theory]
    [InlineData(DatabaseDialect.Sqlite)]
    [InlineData(DatabaseDialect.PostgreSql)]
    public async Task Shadow_logs_every_decision_with_its_state_and_propensity_and_never_writes(DatabaseDialect dialect)
    {
        await using var loop = await LoopHarness.StartAsync(cluster, dialect);

        var reports = await loop.RunHoursAsync(Days * 24, RolloutStage.Shadow);

        Assert.Empty(loop.Requests.PlatformWrites);
        var all = await loop.EntriesAsync();
        Assert.All(all, e => Assert.Equal(ActionStatus.Shadow, e.Status));

        // The bandit's creative proposals are logged as rotations of their own, refused: no ad is tagged in this store.
        var rotations = all.Where(e => e.Decision.PolicyName == AdPilot.Runtime.Actuation.ActionPolicies.CreativeRotation).ToList();
        Assert.All(rotations, e => Assert.Contains(e.Decision.GuardrailReasons, r => r.StartsWith("creative_untagged:", StringComparison.Ordinal)));
        var entries = all.Except(rotations).ToList();
        Assert.Equal(reports.Sum(r => r.Decisions), all.Count);
        Assert.Equal(loop.World.AdSets.Count * Days * 24, entries.Count);
        Assert.All(entries, e => Assert.InRange(e.Decision.Propensity!.Value, 0.0, 1.0));
        Assert.All(entries, e => Assert.True(LoggedAction.StateBudget(e) > 0, e.Decision.StateJson));
        Assert.True(reports.Count(r => r.Changes > 0) > Days, "the policy proposed changes on most days");
        Assert.Equal(reports.Count - loop.Accounts.Count, reports.Count(r => r.Observed));
        foreach (var (adSet, budget) in loop.InitialBudgets)
        {
            Assert.Equal(budget, loop.BudgetOf(adSet));
        }
    }

    [Fact]
    public async Task Accounts_larger_than_the_ad_sets_in_flight_wait_their_turn_and_all_finish()
    {
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Loop:MaxAdSetsInFlight"] = "1" });

        for (var h = 0; h < 2; h++)
        {
            loop.World.Advance(1);
            var reports = await Task.WhenAll(loop.Accounts.Select(a => loop.Cycle.RunAsync(loop.StoreId, a, loop.Hour, RolloutStage.Expand, LoopHarness.Ct)));
            await loop.Cycle.WhenIdleAsync();

            Assert.Equal(loop.Accounts.Count, reports.Length);
            Assert.All(reports, r => Assert.True(r.Managed > 0 && r.Decisions == r.Managed, $"{r.Account}: {r.Managed} managed, {r.Decisions} decisions"));
        }

        Assert.Equal(loop.World.AdSets.Count, (await loop.Parts.Queries.ListAdSetsAsync(loop.StoreId, LoopHarness.Ct)).Count);
    }

    [Fact]
    public async Task Pilot_changes_only_the_canary_ad_sets_and_keeps_them_within_their_share()
    {
        const decimal share = 0.3m;
        await using var loop = await LoopHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Guardrails:CanaryShare"] = share.ToString(CultureInfo.InvariantCulture) });
        var canary = loop.InitialBudgets.GroupBy(b => b.Key.Platform)
            .SelectMany(account => CanarySelection.Choose(account, share))
            .ToHashSet();
        Assert.NotEmpty(canary);

        await loop.RunHoursAsync(Days * 24, RolloutStage.Pilot);

        var entries = await loop.EntriesAsync();
        var applied = entries.Where(e => e.Status == ActionStatus.Applied && !Actuator.IsNoChange(e)).ToArray();
        Assert.NotEmpty(applied);
        Assert.All(applied, e => Assert.Contains(e.Decision.AdSet, canary));
        Assert.All(
            entries.Where(e => !canary.Contains(e.Decision.AdSet) && e.Decision.ProposedActionJson != e.Decision.FinalActionJson),
            e => Assert.Contains(e.Decision.GuardrailReasons, r => r.StartsWith(GuardrailReasonCodes.Canary, StringComparison.Ordinal)));
        foreach (var (adSet, budget) in loop.InitialBudgets.Where(b => !canary.Contains(b.Key)))
        {
            Assert.Equal(budget, loop.BudgetOf(adSet));
        }

        foreach (var account in loop.World.AdSets.GroupBy(a => a.Ref.Platform))
        {
            var total = account.Sum(a => loop.BudgetOf(a.Ref));
            var inCanary = account.Where(a => canary.Contains(a.Ref)).Sum(a => loop.BudgetOf(a.Ref));
            Assert.True(inCanary <= (share * total) + 0.05m, $"{account.Key}: the canary holds {inCanary} of {total}");
        }

        AssertNoGuardrailBroken(loop);
    }

    [Fact]
    public async Task Expand_manages_every_ad_set_and_never_breaks_a_guardrail()
    {
        var initial = new SandboxWorld(Core.Simulation.DefaultFamily.Preset()).AdSets;
        await using var loop = await LoopHarness.StartAsync(
            cluster,
            DatabaseDialect.PostgreSql,
            new Dictionary<string, string?>
            {
                // Tight enough to bind: each account may grow a fifth at most, no ad set past 400 a day.
                ["Guardrails:AccountDailyCap"] = "760",
                ["Guardrails:AdSetDailyCap"] = "400",
                ["Guardrails:CampaignDailyCap"] = "700",
            });

        var reports = await loop.RunHoursAsync(Days * 24, RolloutStage.Expand);

        var entries = await loop.EntriesAsync();
        var changed = entries.Where(e => e.Status == ActionStatus.Applied && !Actuator.IsNoChange(e)).Select(e => e.Decision.AdSet).ToHashSet();
        Assert.True(changed.Count > loop.World.AdSets.Count / 2, $"only {changed.Count} ad sets were changed");
        Assert.DoesNotContain(entries, e => e.Status is ActionStatus.Intended or ActionStatus.Failed);
        Assert.Equal(0, reports.Sum(r => r.Failed));
        AssertNoGuardrailBroken(loop);
        foreach (var account in loop.World.AdSets.GroupBy(a => a.Ref.Platform))
        {
            Assert.True(account.Sum(a => loop.BudgetOf(a.Ref)) <= 760m);
        }
    }

    [Fact]
    public async Task Approvals_hold_large_increases_until_a_person_approves_and_the_next_cycle_applies_them()
    {
        await using var loop = await LoopHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Guardrails:ApprovalIncreaseShare"] = "0.05" });
        var approvals = new ApprovalStore(loop.Db.Database, loop.World.Clock);

        IReadOnlyList<Approval> pending = [];
        for (var h = 0; h < 5 * 24 && pending.Count == 0; h++)
        {
            await loop.RunHourAsync(RolloutStage.Expand);
            pending = await approvals.ListPendingAsync(loop.StoreId, LoopHarness.Ct);
        }

        Assert.NotEmpty(pending);
        var entries = await loop.EntriesAsync();
        Assert.All(
            entries.Where(e => e.Status == ActionStatus.Applied && !Actuator.IsNoChange(e)),
            e => Assert.True((double)LoggedAction.FinalBudget(e)!.Value <= LoggedAction.StateBudget(e) * 1.05 + 0.01, $"{e.Decision.AdSet} increased without approval"));
        var held = entries.Single(e => e.Id == pending[0].ActionId);
        Assert.Equal(ActionStatus.PendingApproval, held.Status);
        var before = loop.BudgetOf(held.Decision.AdSet);

        await approvals.DecideAsync(loop.StoreId, pending[0].Id, approve: true, "growth lead", null, LoopHarness.Ct);
        await loop.RunHourAsync(RolloutStage.Expand);

        var after = (await loop.EntriesAsync()).Single(e => e.Id == held.Id);
        Assert.Equal(ActionStatus.Applied, after.Status);
        Assert.NotEqual(before, loop.BudgetOf(held.Decision.AdSet));
        Assert.Equal(LoggedAction.FinalBudget(held), loop.BudgetOf(held.Decision.AdSet));
    }

    [Fact]
    public async Task The_kill_switch_stops_every_change_and_restores_every_budget()
    {
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.PostgreSql);
        await loop.RunHoursAsync(2 * 24, RolloutStage.Expand);
        Assert.Contains(loop.InitialBudgets, b => loop.BudgetOf(b.Key) != b.Value);

        var kill = loop.Parts.KillSwitch;
        await kill.EngageAsync(loop.StoreId, "test: runaway spend", LoopHarness.Ct);
        foreach (var account in loop.Accounts)
        {
            await kill.RestoreAsync(loop.StoreId, account, loop.Parts.Platforms.For(account), loop.Parts.Batches.For(account), RolloutStage.Expand, LoopHarness.Ct);
        }

        var engagedAt = loop.World.Clock.GetUtcNow();
        var reports = await loop.RunHoursAsync(24, RolloutStage.Expand);

        Assert.All(reports, r => Assert.True(r.KillSwitchEngaged));
        foreach (var (adSet, budget) in loop.InitialBudgets)
        {
            Assert.Equal(budget, loop.BudgetOf(adSet));
        }

        var after = (await loop.EntriesAsync()).Where(e => e.DecidedAt > engagedAt && e.Decision.PolicyName != ActionPolicies.KillSwitch).ToArray();
        Assert.NotEmpty(after);
        Assert.All(after, e => Assert.Equal((ActionStatus.Shadow, Storage.Actions.GuardrailVerdict.Block), (e.Status, e.Decision.Verdict)));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_worker_killed_mid_cycle_and_restarted_neither_loses_nor_repeats_a_change(bool afterTheCall)
    {
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var hours = 0;
        while (loop.Requests.PlatformWrites.Count == 0 && hours++ < 3 * 24)
        {
            await loop.RunHourAsync(RolloutStage.Expand);
        }

        // Find an hour with changes to make, and kill the cycle at its first platform write.
        using var kill = CancellationTokenSource.CreateLinkedTokenSource(LoopHarness.Ct);
        loop.Requests.OnPlatformWrite = after =>
        {
            if (after == afterTheCall)
            {
                kill.Cancel();
            }
        };
        var killed = false;
        for (var h = 0; h < 3 * 24 && !killed; h++)
        {
            loop.World.Advance(1);
            foreach (var account in loop.Accounts)
            {
                try
                {
                    await loop.Cycle.RunAsync(loop.StoreId, account, loop.Hour, RolloutStage.Expand, kill.Token);
                }
                catch (OperationCanceledException) when (kill.IsCancellationRequested)
                {
                    killed = true;
                    break;
                }
            }
        }

        Assert.True(killed, "no cycle made a change to kill");
        loop.Requests.OnPlatformWrite = null;
        var open = (await loop.EntriesAsync()).Where(e => e.Status == ActionStatus.Intended).ToArray();
        Assert.NotEmpty(open);
        var writesBefore = loop.Requests.PlatformWrites.Count;

        // A new process runs the same hour again: the open intents are settled, each change made once.
        await loop.RestartAsync();
        foreach (var account in loop.Accounts)
        {
            await loop.Cycle.RunAsync(loop.StoreId, account, loop.Hour, RolloutStage.Expand, LoopHarness.Ct);
        }

        var entries = await loop.EntriesAsync();
        Assert.DoesNotContain(entries, e => e.Status == ActionStatus.Intended);
        foreach (var intent in open)
        {
            var settled = entries.Single(e => e.Id == intent.Id);
            Assert.Equal(ActionStatus.Applied, settled.Status);
            Assert.Equal(LoggedAction.FinalBudget(intent), loop.BudgetOf(intent.Decision.AdSet));
        }

        var rewrites = loop.Requests.PlatformWrites.Count - writesBefore;
        Assert.True(afterTheCall ? rewrites < open.Length : rewrites >= 1, $"{rewrites} writes after the restart for {open.Length} open intents");
        Assert.Equal(entries.Count, entries.Select(e => e.Decision.IdempotencyKey).Distinct().Count());
    }

    [Fact]
    public async Task An_intent_still_in_doubt_after_recovery_holds_off_a_new_change_to_its_ad_set()
    {
        // Found by the chaos soak: recovery re-sent an open intent, the answer was lost (the write went through), and the
        // same cycle stacked a fresh change on top, so the ad set moved twice in one hour, past the hourly limit.
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        await loop.RunHourAsync(RolloutStage.Expand);
        loop.World.Advance(1);
        var account = loop.Accounts.First(a => a.Platform == Platform.TikTok);
        var snapshot = (await loop.Parts.Platforms.For(account).GetAdSetsAsync(account, LoopHarness.Ct)).First(s => s.DailyBudget is not null);
        var budget = snapshot.DailyBudget!.Value.Amount;
        var json = (ActionSettings.From(snapshot, account.Currency) with { DailyBudget = Math.Round(budget * 0.9m, 2) }).ToJson();
        var doubt = await loop.Parts.Log.RecordAsync(
            loop.StoreId,
            new ActionDecision
            {
                IdempotencyKey = ActionKeys.Change(account, snapshot.AdSet, loop.Hour.AddHours(-2)),
                AdSet = snapshot.AdSet,
                Hour = loop.Hour.AddHours(-2),
                Mode = RolloutMode.Expand,
                StateJson = "{}",
                PolicyName = "bandit",
                PolicyVersion = "1",
                ProposedActionJson = json,
                FinalActionJson = json,
                Verdict = Storage.Actions.GuardrailVerdict.Allow,
                Status = ActionStatus.Intended,
            },
            LoopHarness.Ct);

        // Every TikTok write of this hour fails, so recovery cannot settle the intent: it is still in doubt when the policy decides.
        loop.Server.ReplaceFaults(new SandboxFaults
        {
            Rules = [new FaultRule { Platform = FaultPlatform.TikTok, Endpoint = "adgroup_update", Fault = FaultKind.ServerError, Probability = 1 }],
        });
        var hour = await loop.Cycle.PrepareAsync(loop.StoreId, account, loop.Hour, RolloutStage.Expand, LoopHarness.Ct);
        var actions = hour.States.Select(s => AdAction.AdjustBudget(s, 0.1)).ToArray();
        var (result, _, _, _) = await loop.Cycle.ApplyAsync(hour, actions, [.. actions.Select(_ => 1.0)], new PolicyProvenance("bandit", "1"), LoopHarness.Ct);

        var decision = result.Decisions.Single(d => d.AdSet == snapshot.AdSet);
        var stillOpen = (await loop.Parts.Log.GetAsync(loop.StoreId, doubt.Id, LoopHarness.Ct))!;
        Assert.True(stillOpen.Status == ActionStatus.Intended, $"{stillOpen.Status}: {stillOpen.PlatformResponse}{stillOpen.Error}");
        Assert.True(decision.HasReason(GuardrailReasonCodes.Cooldown), string.Join("; ", decision.Reasons));
        Assert.Equal(Core.Guardrails.GuardrailVerdict.Block, decision.Verdict);
        Assert.Equal(budget, loop.BudgetOf(snapshot.AdSet));
    }

    [Fact]
    public async Task Injected_api_faults_fail_or_delay_cycles_but_lose_nothing()
    {
        var faults = SandboxFaults.Parse("""
            {
              "seed": 11,
              "rules": [
                {"platform": "tiktok", "endpoint": "report", "fault": "throttle", "probability": 0.2},
                {"platform": "meta", "endpoint": "batch", "fault": "server_error", "probability": 0.3, "status": 503},
                {"platform": "meta", "endpoint": "adset_update", "fault": "server_error", "probability": 0.3},
                {"platform": "tiktok", "endpoint": "adgroup_update", "fault": "server_error", "probability": 0.3, "code": 50000}
              ]
            }
            """);
        await using var loop = await LoopHarness.StartAsync(
            cluster,
            DatabaseDialect.Sqlite,
            new Dictionary<string, string?> { ["TikTok:MaxThrottleRetries"] = "0", ["Guardrails:Cooldown"] = "01:00:00" },
            faults: faults);

        var failedCycles = 0;
        var leftOpen = 0;
        for (var h = 0; h < 3 * 24; h++)
        {
            loop.World.Advance(1);
            foreach (var account in loop.Accounts)
            {
                try
                {
                    await loop.Cycle.RunAsync(loop.StoreId, account, loop.Hour, RolloutStage.Expand, LoopHarness.Ct);
                }
                catch (Core.Platforms.PlatformException)
                {
                    failedCycles++;
                }
            }

            leftOpen += (await loop.EntriesAsync()).Count(e => e.Status == ActionStatus.Intended);
        }

        Assert.True(failedCycles > 0, "no cycle met a fault");
        Assert.True(leftOpen > 0, "no change met a fault");

        using (var http = new HttpClient(new SocketsHttpHandler()))
        {
            (await http.DeleteAsync(new Uri(loop.Server.BaseUrl, "_sandbox/faults"), LoopHarness.Ct)).EnsureSuccessStatusCode();
        }

        await loop.RunHoursAsync(2, RolloutStage.Expand);

        var entries = await loop.EntriesAsync();
        Assert.DoesNotContain(entries, e => e.Status == ActionStatus.Intended);
        foreach (var adSet in loop.World.AdSets)
        {
            var last = entries.Where(e => e.Decision.AdSet == adSet.Ref && e.Status == ActionStatus.Applied && LoggedAction.FinalBudget(e) is not null)
                .MaxBy(e => e.CompletedAt);
            Assert.Equal(last is null ? loop.InitialBudgets[adSet.Ref] : LoggedAction.FinalBudget(last), loop.BudgetOf(adSet.Ref));
        }

        // Every hour of the last three days is in the database as the platforms finally reported it.
        var to = loop.Hour;
        var from = to.AddHours(-72);
        var stored = (await loop.Parts.Queries.AdSetInsightsAsync(loop.StoreId, from, to, LoopHarness.Ct))
            .GroupBy(r => (new AdSetRef(r.Platform, r.EntityExternalId), r.Hour.ToUniversalTime()))
            .ToDictionary(g => g.Key, g => g.Sum(r => r.Spend));
        foreach (var hour in loop.World.HoursBetween(from, to).Where(h => h.Spend.Amount > 0))
        {
            var key = (loop.World.AdSets[hour.AdSetIndex].Ref, hour.HourStartUtc);
            Assert.True(stored.TryGetValue(key, out var spend), $"{key} is missing");
            Assert.Equal(hour.Spend.Amount, spend, 2);
        }
    }

    [Fact]
    public async Task A_slow_order_pull_does_not_hold_the_cycle_and_its_orders_rescore_their_hour_next_time()
    {
        // Shopify's first answers come 1.5 s late, far past the 50 ms the cycle waits for the pull.
        var faults = SandboxFaults.Parse("""
            {"rules": [{"platform": "shopify", "fault": "latency", "probability": 1, "latencyMs": 1500, "times": 2}]}
            """);
        await using var loop = await LoopHarness.StartAsync(
            cluster, DatabaseDialect.Sqlite, new Dictionary<string, string?> { ["Loop:OrderPullWait"] = "00:00:00.050" }, faults: faults);

        var first = await loop.RunHourAsync(RolloutStage.Shadow);

        Assert.All(first, r => Assert.True(r.OrdersPending));
        Assert.All(first, r => Assert.Equal(0, r.Orders));
        var rewardStore = new Storage.Rewards.RewardStore(loop.Db.Database, loop.World.Clock);
        var before = first[0].Hour;
        async Task<decimal> RevenueBeforeAsync() =>
            (await rewardStore.ListAsync(loop.StoreId, null, before.AddHours(-48), before, LoopHarness.Ct)).Sum(r => r.Revenue);
        Assert.Equal(0m, await RevenueBeforeAsync());

        // The pull outlives its wait and stores the orders later; a following cycle's reward run sees them (they changed
        // after its watermark) and rescores the hours they were placed in.
        decimal revenue = 0;
        for (var h = 0; h < 6 && revenue == 0; h++)
        {
            await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System, LoopHarness.Ct);
            await loop.RunHourAsync(RolloutStage.Shadow);
            revenue = await RevenueBeforeAsync();
        }

        Assert.True(revenue > 0, "the hours scored before their orders arrived were not rescored");
    }

    /// <summary>Every hour's budgets in the world, as the platforms ran them, against the guardrails' limits.</summary>
    private static void AssertNoGuardrailBroken(LoopHarness loop)
    {
        var options = loop.Guardrails;
        var hours = loop.World.HoursBetween(loop.World.StartUtc, loop.World.Clock.GetUtcNow());
        var adSets = loop.World.AdSets;
        foreach (var series in hours.GroupBy(h => h.AdSetIndex))
        {
            var ordered = series.OrderBy(h => h.HourStartUtc).ToArray();
            DateTimeOffset? lastChange = null;
            for (var i = 1; i < ordered.Length; i++)
            {
                var before = ordered[i - 1].DailyBudget.Amount;
                var now = ordered[i].DailyBudget.Amount;
                if (now == before)
                {
                    continue;
                }

                var name = adSets[series.Key].Ref;
                Assert.True(Math.Abs(now - before) <= (before * options.MaxHourlyChange) + 0.01m, $"{name} moved {before} → {now} in one hour");
                Assert.InRange(now, options.MinDailyBudget, Math.Min(options.MaxDailyBudget, options.AdSetDailyCap));
                if (lastChange is { } last)
                {
                    Assert.True(ordered[i].HourStartUtc - last >= options.Cooldown, $"{name} changed at {last:u} and again at {ordered[i].HourStartUtc:u}");
                }

                lastChange = ordered[i].HourStartUtc;
            }
        }

        foreach (var hour in hours.GroupBy(h => (h.HourStartUtc, adSets[h.AdSetIndex].Ref.Platform)))
        {
            var total = hour.Where(h => h.Status == AdSetStatus.Active).Sum(h => h.DailyBudget.Amount);
            Assert.True(total <= Math.Max(options.AccountDailyCap, InitialTotal(loop, hour.Key.Platform)) + 0.05m, $"{hour.Key}: {total}");
        }
    }

    private static decimal InitialTotal(LoopHarness loop, Platform platform) => loop.InitialBudgets.Where(b => b.Key.Platform == platform).Sum(b => b.Value);
}

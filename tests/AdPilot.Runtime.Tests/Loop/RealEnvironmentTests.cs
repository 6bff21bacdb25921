using AdPilot.Core.Agents;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Runtime.Actuation;
using AdPilot.Runtime.Loop;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Tests.Infrastructure;

namespace AdPilot.Runtime.Tests.Loop;

/// <summary>The step interface over the sandbox: a policy runs against the real path exactly as it runs in training.</summary>
public sealed class RealEnvironmentTests(PostgresCluster cluster)
{
    [Fact]
    public async Task A_policy_steps_through_real_hours_and_learns_from_the_scored_rewards()
    {
        await using var loop = await LoopHarness.StartAsync(cluster, DatabaseDialect.Sqlite);
        var account = loop.Accounts.Single(a => a.Platform == Platform.TikTok);
        var environment = new RealEnvironment(
            loop.Cycle,
            loop.StoreId,
            account,
            RolloutStage.Expand,
            loop.World.Clock,
            new PolicyProvenance("rules", "1"),
            (until, _) =>
            {
                loop.World.Advance((int)(until - loop.World.Clock.GetUtcNow()).TotalHours);
                return Task.CompletedTask;
            });
        var policy = new RulesPolicy();

        var result = await environment.ResetAsync(LoopHarness.Ct);
        var n = environment.AdSets.Count;
        Assert.Equal(loop.World.AdSets.Count(a => a.Ref.Platform == Platform.TikTok), n);
        policy.Reset(new PolicyContext(environment.AdSets, environment.Currency, Core.Simulation.ActionLimits.Default, 1));
        var states = new AdEnvironmentState[n];
        var actions = new AdAction[n];
        var propensities = new double[n];
        var total = default(RewardMetrics);
        var first = result.HourStartUtc;
        for (var t = 0; t < 48; t++)
        {
            result.States.CopyTo(states);
            for (var i = 0; i < n; i++)
            {
                actions[i] = AdAction.Keep(states[i]);
            }

            policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            result = await environment.StepAsync(actions, LoopHarness.Ct);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
            foreach (var reward in result.Rewards)
            {
                total += reward;
            }

            Assert.Equal(first.AddHours(t + 1), result.HourStartUtc);
        }

        // The states follow the world's budgets; the rewards are the scored rows of the rewards table.
        for (var i = 0; i < n; i++)
        {
            Assert.Equal((double)loop.BudgetOf(environment.AdSets[i].Ref), result.States[i].CurrentBudget, 2);
        }

        var stored = await new RewardStore(loop.Db.Database, loop.World.Clock).ListAsync(loop.StoreId, null, first, first.AddHours(48), LoopHarness.Ct);
        var mine = environment.AdSets.Select(a => a.Ref).ToHashSet();
        Assert.Equal((double)stored.Where(r => mine.Contains(r.AdSet)).Sum(r => r.Spend), total.AdSpend, 2);
        Assert.True(total.AdSpend > 0);
        var entries = await loop.EntriesAsync();
        Assert.Equal(48 * n, entries.Count(e => e.Decision.PolicyName == "rules"));
        Assert.DoesNotContain(entries, e => e.Status == ActionStatus.Intended);
    }
}

using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Agents.QLearning;
using AdPilot.Core.Domain;
using AdPilot.Core.Guardrails;
using AdPilot.Core.Simulation;
using AdPilot.Runtime.Evidence;
using AdPilot.Storage.Actions;
using AdPilot.Storage.Connections;
using AdPilot.Storage.Rewards;
using AdPilot.Storage.Stores;

namespace AdPilot.Runtime.Tests.Evidence;

/// <summary>
/// Writes a store's logged decisions the way the hourly loop does, through the storage APIs: a logging policy decides
/// every hour in the simulator with the context the loop (and the replay) gives it, its proposals go to the action log
/// with state, proposal and propensity, the world runs them (in shadow, it runs people's settings), and each ad set-hour's
/// outcome goes to the rewards table.
/// </summary>
internal static class EvidenceLog
{
    public const string ShopDomain = "evidence.myshopify.com";

    /// <summary>A store whose every ad set loses money at any budget (a thirtieth of its conversion rate): cutting is better than holding.</summary>
    public static Scenario MoneyLosing(ulong seed, int adSets)
    {
        var family = DefaultFamily.Sample(seed, adSets);
        return family with { AdSets = [.. family.AdSets.Select(a => a with { Cvr = a.Cvr / 30, BidStrategy = BidStrategy.LowestCost })] };
    }

    /// <summary>A frozen Q-learner whose greedy action is <paramref name="greedy"/> (0 the largest cut, 2 the hold, 4 the largest raise) everywhere.</summary>
    public static QLearningAgent Agent(int greedy, double epsilon)
    {
        var agent = new QLearningAgent(new QLearningOptions { EvaluationEpsilon = epsilon }) { Training = false };
        if (greedy != 2)
        {
            for (var row = 0; row < agent.Table.StateCount; row++)
            {
                agent.Learn(row, greedy, 1, -1);
            }
        }

        return agent;
    }

    /// <summary>Saves an agent as <c>adpilot train</c> does.</summary>
    public static async Task<string> SaveAsync(ILearningAgent agent, string folder, string name)
    {
        var path = Path.Combine(folder, name + ".ckpt");
        var stream = File.Create(path);
        await using (stream.ConfigureAwait(false))
        {
            await CheckpointFormat.WriteAsync(stream, agent.ToCheckpoint(name, new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string>()), TestContext.Current.CancellationToken);
        }

        return path;
    }

    /// <summary>Registers the scenario's store and logs <paramref name="hours"/> hours of <paramref name="logger"/>'s decisions.</summary>
    public static async Task<Logged> WriteAsync(
        StorageDatabase database, TimeProvider time, IPolicy logger, Scenario scenario, int hours, RolloutMode mode = RolloutMode.Expand, string policyName = "qlearning")
    {
        var ct = TestContext.Current.CancellationToken;
        var guardrails = new GuardrailOptions();
        var world = new SimulatedEnvironment(scenario);
        var result = world.Reset();
        var n = world.AdSets.Count;
        var adSets = world.AdSets.Select((a, i) => new AdSetDescriptor(
            a.Ref,
            a.Ref.ExternalId,
            (double)guardrails.MinDailyBudgetFor(a.Ref.Platform),
            (double)Math.Min(guardrails.MaxDailyBudget, guardrails.AdSetDailyCap),
            result.States[i].CurrentBudget)).ToArray();
        var limits = new ActionLimits { MaxHourlyBudgetChange = (double)guardrails.MaxHourlyChange, MinHoursBetweenCreativeRotations = 24 };
        logger.Reset(new PolicyContext(adSets, world.Currency, limits, 0));
        var storeId = await new StoreDirectory(database, time).UpsertAsync(
            new StoreProfile
            {
                ShopDomain = ShopDomain,
                Currency = world.Currency,
                TimeZone = scenario.Store.TimeZone,
                GrossMargin = (decimal)scenario.Store.GrossMargin,
                DataSince = world.StartUtc.AddDays(-30),
            },
            ct);
        var log = new ActionLog(database, time);
        var rewards = new RewardStore(database, time);
        var pending = new List<RewardRecord>();
        for (var t = 0; t < hours; t++)
        {
            var states = result.States.ToArray();
            var hour = result.HourStartUtc;
            var actions = new AdAction[n];
            var propensities = new double[n];
            logger.Decide(new DecisionContext(t, hour, states), actions, propensities);
            for (var i = 0; i < n; i++)
            {
                await log.RecordAsync(
                    storeId,
                    new ActionDecision
                    {
                        IdempotencyKey = $"{adSets[i].Ref}:{hour:O}:{policyName}",
                        AdSet = adSets[i].Ref,
                        Hour = hour,
                        Mode = mode,
                        StateJson = LoggedDecisionJson.State(states[i]),
                        PolicyName = policyName,
                        PolicyVersion = "1",
                        ProposedActionJson = LoggedDecisionJson.Proposal(states[i], actions[i], world.Currency),
                        Propensity = propensities[i],
                        Verdict = AdPilot.Storage.Actions.GuardrailVerdict.Allow,
                        Status = mode == RolloutMode.Shadow ? ActionStatus.Shadow : ActionStatus.Intended,
                    },
                    ct);
            }

            result = world.Step(mode == RolloutMode.Shadow ? [.. states.Select(s => AdAction.Keep(s))] : actions);
            for (var i = 0; i < n; i++)
            {
                var r = result.Rewards[i];
                var revenue = decimal.Round((decimal)r.Revenue, 4);
                var spend = decimal.Round((decimal)r.AdSpend, 4);
                var cogs = decimal.Round((decimal)r.Cogs, 4);
                pending.Add(new RewardRecord(adSets[i].Ref, hour, revenue, spend, cogs, revenue - cogs - spend, world.Currency, null, null, (int)Math.Round(r.Conversions), (double)(revenue - cogs - spend)));
            }

            if (pending.Count >= 24 * n || t == hours - 1)
            {
                await rewards.UpsertAsync(storeId, pending, ct);
                pending.Clear();
            }
        }

        return new Logged(storeId, world.StartUtc, world.StartUtc.AddHours(hours), n);
    }

    /// <summary>What was written: the store, the range of hours and the ad sets.</summary>
    internal sealed record Logged(long StoreId, DateTimeOffset From, DateTimeOffset To, int AdSets);
}

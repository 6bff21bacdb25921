using AdPilot.Core.Agents;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Training;

namespace AdPilot.Core.Tests.Agents;

/// <summary>Runs learning agents through short episodes and records what they did, for the Q-learning and DQN tests.</summary>
internal static class LearningAgentHarness
{
    public static readonly Scenario Small = DefaultFamily.Sample(7, 4);

    /// <summary>A store whose every ad set loses money at any budget (a thirtieth of its conversion rate): cutting is optimal.</summary>
    public static Scenario MoneyLosing(ulong seed)
    {
        var family = DefaultFamily.Sample(seed, 4);
        return family with { AdSets = [.. family.AdSets.Select(a => a with { Cvr = a.Cvr / 30, BidStrategy = BidStrategy.LowestCost })] };
    }

    /// <summary>Runs one episode and records every hour's states, actions and propensities.</summary>
    public static List<HourRecord> Record(IPolicy policy, Scenario scenario, int hours, ulong seed, Func<int, AdEnvironmentState, AdEnvironmentState>? alter = null, Action<int, AdAction, double>? afterDecide = null)
    {
        var world = new SimulatedEnvironment(scenario);
        var result = world.Reset();
        policy.Reset(new PolicyContext(world.AdSets, world.Currency, world.Limits, seed));
        var n = world.AdSets.Count;
        var records = new List<HourRecord>(hours);
        for (var t = 0; t < hours; t++)
        {
            var states = result.States.ToArray();
            if (alter is not null)
            {
                for (var i = 0; i < n; i++)
                {
                    states[i] = alter(i, states[i]);
                }
            }

            var actions = new AdAction[n];
            var propensities = new double[n];
            policy.Decide(new DecisionContext(t, result.HourStartUtc, states), actions, propensities);
            for (var i = 0; i < n && afterDecide is not null; i++)
            {
                afterDecide(i, actions[i], propensities[i]);
            }

            result = world.Step(actions);
            policy.Observe(new Transition(t, states, actions, result.Rewards, result.Info, result.States));
            records.Add(new HourRecord(states, actions, propensities, result.Rewards.ToArray()));
        }

        return records;
    }

    /// <summary>Trains an agent on family-like scenarios, one episode each.</summary>
    public static void Train(ILearningAgent agent, IEnumerable<Scenario> scenarios, int days)
    {
        var e = 0UL;
        foreach (var scenario in scenarios)
        {
            EpisodeRunner.Run(new SimulatedEnvironment(scenario), agent, days * 24, ++e);
        }
    }

    /// <summary>Saves an agent to bytes and loads it back, as a deployment would.</summary>
    public static ILearningAgent RoundTrip(ILearningAgent agent)
    {
        var bytes = CheckpointFormat.Serialize(agent.ToCheckpoint("test-run", new DateTimeOffset(2026, 11, 23, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, string> { ["seed"] = "1" }));
        return LearningAgents.FromCheckpoint(CheckpointFormat.Deserialize(bytes, agent.Kind));
    }

    /// <summary>A copy of a checkpoint with some parts replaced.</summary>
    public static Checkpoint With(Checkpoint checkpoint, string? optionsJson = null, int? version = null, Func<IReadOnlyList<CheckpointTensor>, IEnumerable<CheckpointTensor>>? tensors = null) =>
        checkpoint with
        {
            OptionsJson = optionsJson ?? checkpoint.OptionsJson,
            AgentVersion = version ?? checkpoint.AgentVersion,
            Tensors = tensors is null ? checkpoint.Tensors : [.. tensors(checkpoint.Tensors)],
        };

    public static void AssertSameDecisions(List<HourRecord> expected, List<HourRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (var t = 0; t < expected.Count; t++)
        {
            Assert.Equal(expected[t].Actions, actual[t].Actions);
            Assert.Equal(expected[t].Propensities, actual[t].Propensities);
        }
    }

    internal sealed record HourRecord(AdEnvironmentState[] States, AdAction[] Actions, double[] Propensities, RewardMetrics[] Rewards);
}

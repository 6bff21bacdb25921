using AdPilot.Core.Agents.Bandit;
using AdPilot.Core.Agents.Checkpoints;
using AdPilot.Core.Agents.Dqn;
using AdPilot.Core.Agents.QLearning;

namespace AdPilot.Core.Agents;

/// <summary>The learning agents by kind: new ones for training, and saved ones loaded from checkpoints.</summary>
public static class LearningAgents
{
    private static readonly Dictionary<string, (Func<ulong, ILearningAgent> Create, Func<Checkpoint, ILearningAgent> Load)> Registry =
        new(StringComparer.Ordinal)
        {
            ["qlearning"] = (seed => new QLearningAgent(new QLearningOptions { Seed = seed }), QLearningAgent.FromCheckpoint),
            ["dqn"] = (seed => new DqnAgent(new DqnAgentOptions { Seed = seed }), DqnAgent.FromCheckpoint),
            ["bandit"] = (seed => new BudgetBanditPolicy(seed: seed), BudgetBanditPolicy.FromCheckpoint),
        };

    /// <summary>Gets the kinds, in the order the command line lists them.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["qlearning", "dqn", "bandit"];

    /// <summary>Whether a kind is known.</summary>
    /// <param name="kind">The kind.</param>
    /// <returns>Whether <see cref="Create"/> accepts it.</returns>
    public static bool IsKnown(string kind) => Registry.ContainsKey(kind);

    /// <summary>Creates an untrained agent.</summary>
    /// <param name="kind">One of <see cref="Kinds"/>.</param>
    /// <param name="seed">The seed of its exploration and initialisation.</param>
    /// <returns>The agent, in training.</returns>
    /// <exception cref="ArgumentException">The kind is unknown.</exception>
    public static ILearningAgent Create(string kind, ulong seed) =>
        Registry.TryGetValue(kind, out var entry)
            ? entry.Create(seed)
            : throw new ArgumentException($"unknown agent '{kind}' (expected one of {string.Join(", ", Kinds)})", nameof(kind));

    /// <summary>Loads an agent from its checkpoint.</summary>
    /// <param name="checkpoint">The checkpoint.</param>
    /// <returns>The agent, in training; set <see cref="ILearningAgent.Training"/> to false to evaluate it.</returns>
    /// <exception cref="CheckpointException">The checkpoint is of an unknown kind, or its tensors do not fit the agent.</exception>
    public static ILearningAgent FromCheckpoint(Checkpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return Registry.TryGetValue(checkpoint.AgentKind, out var entry)
            ? entry.Load(checkpoint)
            : throw new CheckpointException(
                CheckpointError.AgentKindMismatch,
                $"the checkpoint holds an agent of kind '{checkpoint.AgentKind}', which this version does not know (expected one of {string.Join(", ", Kinds)})");
    }
}

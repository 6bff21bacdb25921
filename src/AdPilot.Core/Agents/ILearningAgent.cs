using AdPilot.Core.Agents.Checkpoints;

namespace AdPilot.Core.Agents;

/// <summary>
/// A policy that learns and keeps what it learned across episodes: trained on a scenario family, saved to a
/// checkpoint, loaded and set loose on a world it never saw, where it keeps learning online.
/// </summary>
/// <remarks>
/// <see cref="IPolicy.Reset"/> starts an episode with new ad sets; it must keep the knowledge that carries over from
/// one store to the next (a Q-table, network weights, a family prior) and drop only what belongs to the old ad sets.
/// </remarks>
public interface ILearningAgent : IPolicy
{
    /// <summary>Gets the agent's kind in checkpoints and on the command line: <c>qlearning</c>, <c>dqn</c> or <c>bandit</c>.</summary>
    string Kind { get; }

    /// <summary>Gets or sets a value indicating whether the agent is in training: exploring on its training schedule.</summary>
    /// <value>
    /// <see langword="true"/> while training (the default); <see langword="false"/> when it is evaluated or runs for
    /// real, where it explores only as much as it needs to keep adapting and still learns from every hour.
    /// </value>
    bool Training { get; set; }

    /// <summary>Gets the agent's learning figures now, for the training log.</summary>
    AgentMetrics Metrics { get; }

    /// <summary>Saves what the agent has learned; loading it with <see cref="LearningAgents.FromCheckpoint"/> gives back an equal agent.</summary>
    /// <param name="runId">The training run.</param>
    /// <param name="createdAt">When the checkpoint is taken.</param>
    /// <param name="metadata">Facts about the run to keep beside the agent's own (seed, family, episodes done).</param>
    /// <returns>The checkpoint.</returns>
    Checkpoint ToCheckpoint(string runId, DateTimeOffset createdAt, IReadOnlyDictionary<string, string> metadata);
}

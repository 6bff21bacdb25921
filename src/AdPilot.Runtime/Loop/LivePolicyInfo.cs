using AdPilot.Core.Agents;

namespace AdPilot.Runtime.Loop;

/// <summary>An account's live policy as people see it.</summary>
/// <param name="PolicyName">The configured policy (<c>bandit</c>, <c>qlearning</c>, <c>dqn</c>, a baseline).</param>
/// <param name="AgentKind">The learning agent's kind, or null for a baseline.</param>
/// <param name="CheckpointVersion">The checkpoint it runs, or null when untrained or a baseline.</param>
/// <param name="Metrics">The agent's figures (epsilon, table size, updates), or null for a baseline or while busy.</param>
/// <param name="Busy">Whether a cycle held the policy, so its figures were not read.</param>
public sealed record LivePolicyInfo(string PolicyName, string? AgentKind, string? CheckpointVersion, AgentMetrics? Metrics, bool Busy);

namespace AdPilot.Core.Agents;

/// <summary>A learning agent's figures at a moment of training; a figure that does not apply to the agent is null.</summary>
/// <param name="Updates">The learning updates made so far (Q-table updates, gradient steps, posterior updates).</param>
/// <param name="Epsilon">The exploration rate of an epsilon-greedy agent.</param>
/// <param name="LearningRate">The current learning rate.</param>
/// <param name="Loss">The mean training loss since the last reading.</param>
/// <param name="TableSize">The Q-table's visited (state, action) entries, or the parameters a model holds.</param>
public readonly record struct AgentMetrics(long Updates, double? Epsilon = null, double? LearningRate = null, double? Loss = null, long? TableSize = null);

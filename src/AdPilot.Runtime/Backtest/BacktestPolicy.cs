using AdPilot.Core.Agents;

namespace AdPilot.Runtime.Backtest;

/// <summary>The policy a backtest replays.</summary>
/// <param name="Policy">The policy.</param>
/// <param name="Name">Its name in the report: <c>fixed</c>, <c>rules</c>, <c>proportional</c>, or the agent's kind.</param>
/// <param name="Checkpoint">The checkpoint file it was loaded from, if any.</param>
/// <param name="Version">The checkpoint's run and time, if any.</param>
public sealed record BacktestPolicy(IPolicy Policy, string Name, string? Checkpoint, string? Version);

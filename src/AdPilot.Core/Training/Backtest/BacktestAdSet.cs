using AdPilot.Core.Domain;

namespace AdPilot.Core.Training.Backtest;

/// <summary>An ad set of the history.</summary>
/// <param name="AdSet">The ad set.</param>
/// <param name="Name">Its name (its id when the history has none).</param>
/// <param name="CampaignId">Its campaign (the guardrails' campaign cap sums by it).</param>
public sealed record BacktestAdSet(AdSetRef AdSet, string Name, string CampaignId);

namespace AdPilot.Core.Training.Backtest;

/// <summary>A backtest: what really happened over the window, what the policy would have done, and its estimated outcome.</summary>
/// <param name="FromUtc">The window's first hour.</param>
/// <param name="ToUtc">The window's end, exclusive.</param>
/// <param name="Currency">The store currency.</param>
/// <param name="AdSets">The ad sets replayed.</param>
/// <param name="Hours">The hours replayed.</param>
/// <param name="Actual">What really happened, over the ad sets and hours replayed.</param>
/// <param name="Policy">The policy's estimate.</param>
/// <param name="Store">The store's orders, attributed or not.</param>
/// <param name="Counts">What the guardrails did.</param>
/// <param name="Proposals">Every proposal, by hour then ad set.</param>
/// <param name="Model">The response model the estimate rests on.</param>
/// <param name="Warnings">What the replay assumed or could not use, one sentence each.</param>
public sealed record BacktestResult(
    DateTimeOffset FromUtc,
    DateTimeOffset ToUtc,
    string Currency,
    int AdSets,
    int Hours,
    BacktestTotals Actual,
    BacktestEstimate Policy,
    BacktestStoreTotals Store,
    BacktestCounts Counts,
    IReadOnlyList<BacktestProposal> Proposals,
    SpendResponseCurve Model,
    IReadOnlyList<string> Warnings);

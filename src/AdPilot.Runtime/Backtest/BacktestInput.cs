using AdPilot.Core.Rewards;
using AdPilot.Core.Training.Backtest;

namespace AdPilot.Runtime.Backtest;

/// <summary>A backtest's history, read from exports or pulled from the APIs, with what the reading assumed.</summary>
/// <param name="History">The history to replay.</param>
/// <param name="Attribution">How orders are tied to ad sets.</param>
/// <param name="Sources">What was read.</param>
/// <param name="Warnings">What was assumed, ignored or filled in, one sentence each.</param>
public sealed record BacktestInput(BacktestHistory History, RevenueSource Attribution, IReadOnlyList<BacktestSource> Sources, IReadOnlyList<string> Warnings)
{
    /// <summary>Gets a value indicating whether orders are tied to ad sets by the modelled attribution rather than their UTM tags.</summary>
    public bool AttributionModelled => Attribution == RevenueSource.Modelled;
}

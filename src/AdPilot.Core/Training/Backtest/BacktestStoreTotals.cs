namespace AdPilot.Core.Training.Backtest;

/// <summary>The store's orders as the history holds them, attributed or not.</summary>
/// <param name="Orders">Orders, cancelled ones included.</param>
/// <param name="Cancelled">Of those, cancelled.</param>
/// <param name="Gross">The orders' totals before refunds, cancelled ones included.</param>
/// <param name="Refunded">Refunded so far.</param>
/// <param name="Net">Net revenue as rewards count it: totals − refunds of the orders not cancelled.</param>
/// <param name="InWindow">Orders placed within the replay's window.</param>
public sealed record BacktestStoreTotals(int Orders, int Cancelled, decimal Gross, decimal Refunded, decimal Net, int InWindow);

namespace AdPilot.Runtime.Backtest;

/// <summary>One source a backtest read: an export file or an API pull.</summary>
/// <param name="Name">The file, or the API and account.</param>
/// <param name="Format">What it is, e.g. <c>meta_ads_manager</c>, <c>shopify_orders</c>, <c>meta_api</c>.</param>
/// <param name="Rows">Ad set-hours or orders read from it.</param>
/// <param name="Currencies">The currencies its money was in.</param>
public sealed record BacktestSource(string Name, string Format, int Rows, IReadOnlyList<string> Currencies);

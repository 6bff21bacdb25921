namespace AdPilot.Core.Training.Backtest;

/// <summary>Money and orders summed over the replay's ad set-hours, in the store currency.</summary>
/// <param name="Spend">Spend.</param>
/// <param name="Revenue">Attributed revenue, net of refunds.</param>
/// <param name="Cogs">Its cost of goods.</param>
/// <param name="Orders">Attributed orders (fractional where modelled attribution or the lag splits one).</param>
public sealed record BacktestTotals(decimal Spend, decimal Revenue, decimal Cogs, decimal Orders)
{
    /// <summary>Gets revenue − cost of goods − spend.</summary>
    public decimal Profit => Revenue - Cogs - Spend;

    /// <summary>Gets revenue ÷ spend, or null without spend.</summary>
    public double? Roas => Spend > 0 ? (double)(Revenue / Spend) : null;
}

namespace AdPilot.Core.Domain;

/// <summary>
/// The outcome of one ad set over one period, in the store currency. Profit counts the cost of goods:
/// a store with 40% margins that "breaks even" on ROAS 1 loses money, and this type knows it.
/// Values are <see cref="double"/> because rewards are a learning signal summed millions of times a
/// second in the simulator; storage and reports convert them to <see cref="Money"/> at their edge.
/// </summary>
/// <param name="Revenue">Shopify revenue attributed to the ad set.</param>
/// <param name="AdSpend">Spend on the platform.</param>
/// <param name="Cogs">Cost of the goods sold in that revenue.</param>
/// <param name="Conversions">Purchases counted in that revenue.</param>
public readonly record struct RewardMetrics(double Revenue, double AdSpend, double Cogs, double Conversions)
{
    /// <summary>Gets revenue − cost of goods − spend.</summary>
    public double Profit => Revenue - Cogs - AdSpend;

    /// <summary>Gets revenue ÷ spend (0 without spend).</summary>
    public double Roas => AdSpend > 0 ? Revenue / AdSpend : 0;

    /// <summary>Gets (revenue − cost of goods) ÷ spend (0 without spend): above 1 the ads pay for themselves.</summary>
    public double MarginRoas => AdSpend > 0 ? (Revenue - Cogs) / AdSpend : 0;

    /// <summary>Sums two outcomes.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>The sum.</returns>
    public static RewardMetrics operator +(RewardMetrics left, RewardMetrics right) => new(
        left.Revenue + right.Revenue,
        left.AdSpend + right.AdSpend,
        left.Cogs + right.Cogs,
        left.Conversions + right.Conversions);

    /// <summary>Sums two outcomes.</summary>
    /// <param name="other">The other.</param>
    /// <returns>The sum.</returns>
    public RewardMetrics Add(RewardMetrics other) => this + other;
}

namespace AdPilot.Core.Rewards;

/// <summary>Revenue, cost of goods and (possibly fractional) conversions, net of refunds and cancellations.</summary>
/// <param name="Revenue">Revenue.</param>
/// <param name="Cogs">Cost of goods.</param>
/// <param name="Conversions">Orders (fractional where an order is split).</param>
public readonly record struct OrderFigures(decimal Revenue, decimal Cogs, decimal Conversions)
{
    /// <summary>Gets nothing.</summary>
    public static OrderFigures Zero => default;

    /// <summary>Adds two sets of figures.</summary>
    /// <param name="left">One.</param>
    /// <param name="right">The other.</param>
    /// <returns>The sum.</returns>
    public static OrderFigures operator +(OrderFigures left, OrderFigures right) =>
        new(left.Revenue + right.Revenue, left.Cogs + right.Cogs, left.Conversions + right.Conversions);

    /// <summary>Adds two sets of figures.</summary>
    /// <param name="other">The other.</param>
    /// <returns>The sum.</returns>
    public OrderFigures Add(OrderFigures other) => this + other;
}

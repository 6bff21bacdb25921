namespace AdPilot.Core.Domain;

/// <summary>
/// How a store's cost of goods is known: a gross margin on revenue, optionally overridden per product by a
/// unit cost (Shopify's inventory item cost). Orders whose products have no unit cost fall back to the margin.
/// </summary>
/// <param name="GrossMargin">(price − cost) ÷ price, between 0 and 1; 0.6 means goods cost 40% of revenue.</param>
/// <param name="UnitCosts">Unit cost by product SKU, in the store currency; may be empty.</param>
public sealed record CostOfGoods(double GrossMargin, IReadOnlyDictionary<string, decimal> UnitCosts)
{
    /// <summary>A store known only by its margin.</summary>
    /// <param name="grossMargin">The gross margin.</param>
    /// <returns>The model.</returns>
    public static CostOfGoods FromMargin(double grossMargin) => new(grossMargin, new Dictionary<string, decimal>());

    /// <summary>The cost of goods in an amount of revenue without line detail.</summary>
    /// <param name="revenue">The revenue.</param>
    /// <returns>Revenue × (1 − margin).</returns>
    public double ForRevenue(double revenue) => revenue * (1 - GrossMargin);

    /// <summary>The cost of goods of one order line: the SKU's unit cost when known, the margin otherwise.</summary>
    /// <param name="sku">The product SKU, if any.</param>
    /// <param name="quantity">Units sold.</param>
    /// <param name="lineRevenue">The line's revenue after discounts.</param>
    /// <returns>The line's cost of goods.</returns>
    public decimal ForLine(string? sku, int quantity, decimal lineRevenue) =>
        sku is not null && UnitCosts.TryGetValue(sku, out var unitCost)
            ? unitCost * quantity
            : lineRevenue * (decimal)(1 - GrossMargin);
}

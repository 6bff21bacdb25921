using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>One line of a simulated order.</summary>
/// <param name="Id">The line item's numeric id (<c>gid://shopify/LineItem/{Id}</c>).</param>
/// <param name="ProductId">The product's numeric id.</param>
/// <param name="VariantId">The variant's numeric id.</param>
/// <param name="Sku">The variant's SKU.</param>
/// <param name="Title">The product's title.</param>
/// <param name="Quantity">The units ordered.</param>
/// <param name="UnitPrice">The price of one unit before discounts.</param>
/// <param name="UnitCost">The inventory item's cost of one unit, or null where the shop has not entered one.</param>
/// <param name="DiscountAllocation">The part of the order's discount taken off this line.</param>
public sealed record ShopifyLineItem(
    long Id, long ProductId, long VariantId, string Sku, string Title, int Quantity, Money UnitPrice, Money? UnitCost, Money DiscountAllocation)
{
    /// <summary>Gets the line's price before discounts (unit price × quantity).</summary>
    public Money LineTotal => new(UnitPrice.Amount * Quantity, UnitPrice.Currency);

    /// <summary>Gets the line's price after its share of the discount.</summary>
    public Money DiscountedTotal => new(LineTotal.Amount - DiscountAllocation.Amount, UnitPrice.Currency);
}

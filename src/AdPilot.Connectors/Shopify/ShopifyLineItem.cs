using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Shopify;

/// <summary>One line of an order.</summary>
/// <param name="Id">The line item's numeric id.</param>
/// <param name="ProductId">The product's numeric id, or <see langword="null"/> for a custom item or a deleted product.</param>
/// <param name="VariantId">The variant's numeric id, when there is one.</param>
/// <param name="Sku">The SKU, when set.</param>
/// <param name="Quantity">The quantity ordered.</param>
/// <param name="UnitPrice">The unit price before discounts.</param>
/// <param name="UnitCost">
/// The cost of one unit (the inventory item's cost), or <see langword="null"/> where the shop has not entered one or
/// the source does not carry it (webhook bodies never do).
/// </param>
public sealed record ShopifyLineItem(
    long Id,
    long? ProductId,
    long? VariantId,
    string? Sku,
    int Quantity,
    Money UnitPrice,
    Money? UnitCost);

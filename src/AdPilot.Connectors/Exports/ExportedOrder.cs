using AdPilot.Connectors.Shopify;

namespace AdPilot.Connectors.Exports;

/// <summary>An order of a Shopify orders export, its line items folded into it, with where it was read.</summary>
/// <param name="Order">The order, shaped as the API's orders are (its current total is net of refunds, as Shopify's is).</param>
/// <param name="Total">The export's <c>Total</c>: the order's total before refunds.</param>
/// <param name="Refunded">The export's <c>Refunded Amount</c> (0 when absent).</param>
/// <param name="File">The file.</param>
/// <param name="Line">The line of the order's first row.</param>
public sealed record ExportedOrder(ShopifyOrder Order, decimal Total, decimal Refunded, string File, int Line);

using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// An order as AdPilot keeps it: what rewards and attribution need and no personal data (no names, emails, addresses,
/// phones, IPs, notes or customer ids). Money is in the shop's currency.
/// </summary>
/// <param name="Id">The order's numeric id (REST <c>id</c>, GraphQL <c>legacyResourceId</c>).</param>
/// <param name="Name">The shop's order label, e.g. <c>#1001</c>.</param>
/// <param name="CreatedAt">When the order was created.</param>
/// <param name="ProcessedAt">When the order was processed (the purchase time; differs from creation for imports).</param>
/// <param name="UpdatedAt">When the order last changed; the incremental pull's watermark.</param>
/// <param name="CancelledAt">When it was cancelled, or <see langword="null"/>.</param>
/// <param name="Test">Whether it is a test order.</param>
/// <param name="SourceName">The sales channel (<c>web</c>, <c>pos</c>, …), when known.</param>
/// <param name="CurrentTotal">The total after edits, refunds and removals.</param>
/// <param name="TotalDiscounts">The discounts applied.</param>
/// <param name="DiscountCodes">The discount codes used.</param>
/// <param name="LineItems">The line items.</param>
/// <param name="Refunds">The refunds so far.</param>
/// <param name="Landing">Where the buyer landed and with which UTM parameters.</param>
public sealed record ShopifyOrder(
    long Id,
    string Name,
    DateTimeOffset CreatedAt,
    DateTimeOffset ProcessedAt,
    DateTimeOffset UpdatedAt,
    DateTimeOffset? CancelledAt,
    bool Test,
    string? SourceName,
    Money CurrentTotal,
    Money TotalDiscounts,
    IReadOnlyList<string> DiscountCodes,
    IReadOnlyList<ShopifyLineItem> LineItems,
    IReadOnlyList<ShopifyRefund> Refunds,
    LandingInfo Landing);

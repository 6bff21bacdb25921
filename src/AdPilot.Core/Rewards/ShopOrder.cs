namespace AdPilot.Core.Rewards;

/// <summary>A Shopify order as rewards need it.</summary>
/// <param name="OrderId">Shopify's order id.</param>
/// <param name="PlacedAt">When it was placed; its revenue (and any later refund) is booked to this hour.</param>
/// <param name="Currency">The currency (ISO 4217); must be the store's.</param>
/// <param name="Total">The order's original total, in major units.</param>
/// <param name="Cogs">Its cost of goods when known (unit costs); otherwise the store's margin gives it.</param>
/// <param name="Refunded">The amount refunded so far (may exceed the total, e.g. with shipping refunded).</param>
/// <param name="Canceled">Whether it was cancelled: it then counts for nothing.</param>
/// <param name="Utm">Its UTM tags.</param>
public sealed record ShopOrder(
    string OrderId,
    DateTimeOffset PlacedAt,
    string Currency,
    decimal Total,
    decimal? Cogs,
    decimal Refunded,
    bool Canceled,
    UtmTag Utm);

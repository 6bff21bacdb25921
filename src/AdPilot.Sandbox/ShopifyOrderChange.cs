namespace AdPilot.Sandbox;

/// <summary>A change to an order as the clock passed it: the order as it is now and, for a refund or cancellation, the refund made.</summary>
/// <param name="Kind">What happened.</param>
/// <param name="Order">The order after the change (its <see cref="ShopifyOrder.UpdatedAtUtc"/> is when it happened).</param>
/// <param name="Refund">The refund the change made, or null.</param>
public sealed record ShopifyOrderChange(ShopifyOrderChangeKind Kind, ShopifyOrder Order, ShopifyRefund? Refund);

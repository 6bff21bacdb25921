namespace AdPilot.Connectors.Shopify;

/// <summary>A verified, parsed webhook delivery: an order for the order topics, a refund for <c>refunds/create</c>.</summary>
/// <param name="Topic">The topic.</param>
/// <param name="Order">The order, for <see cref="ShopifyWebhookTopic.OrdersCreate"/> and <see cref="ShopifyWebhookTopic.OrdersUpdated"/>.</param>
/// <param name="Refund">The refund, for <see cref="ShopifyWebhookTopic.RefundsCreate"/>.</param>
public sealed record ShopifyWebhookEvent(ShopifyWebhookTopic Topic, ShopifyOrder? Order, ShopifyRefund? Refund);

namespace AdPilot.Connectors.Shopify;

/// <summary>One of the shop's webhook subscriptions.</summary>
/// <param name="Id">Its GID, e.g. <c>gid://shopify/WebhookSubscription/1047552000</c>.</param>
/// <param name="Topic">The GraphQL topic, e.g. <c>ORDERS_CREATE</c>.</param>
/// <param name="Uri">Where Shopify delivers it.</param>
public sealed record ShopifyWebhookSubscription(string Id, string Topic, string Uri);

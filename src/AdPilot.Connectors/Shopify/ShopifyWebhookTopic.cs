namespace AdPilot.Connectors.Shopify;

/// <summary>The webhook topics AdPilot subscribes to.</summary>
public enum ShopifyWebhookTopic
{
    /// <summary><c>orders/create</c>: the body is the REST order.</summary>
    OrdersCreate = 0,

    /// <summary><c>orders/updated</c>: the body is the REST order.</summary>
    OrdersUpdated = 1,

    /// <summary><c>refunds/create</c>: the body is the REST refund.</summary>
    RefundsCreate = 2,
}

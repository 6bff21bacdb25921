namespace AdPilot.Connectors.Shopify;

/// <summary>What registering one topic did.</summary>
/// <param name="Topic">The GraphQL topic.</param>
/// <param name="Subscription">The subscription at the address, new or already there.</param>
/// <param name="Created">Whether this registration created it (false: it was already registered).</param>
public sealed record ShopifyWebhookRegistration(string Topic, ShopifyWebhookSubscription Subscription, bool Created);

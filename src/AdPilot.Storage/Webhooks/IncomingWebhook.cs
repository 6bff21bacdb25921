namespace AdPilot.Storage.Webhooks;

/// <summary>A verified webhook to store before it is acknowledged.</summary>
/// <param name="StoreId">The store whose shop sent it.</param>
/// <param name="WebhookId">Shopify's <c>X-Shopify-Webhook-Id</c>: the same on every redelivery.</param>
/// <param name="Topic">The topic, e.g. <c>orders/create</c>.</param>
/// <param name="Payload">The raw body; null for an ignored topic, whose body is not kept.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Ignored">Whether the topic is one AdPilot does not handle: stored as <see cref="WebhookStatus.Ignored"/>, already done.</param>
/// <param name="EventId">
/// Shopify's <c>X-Shopify-Event-Id</c>: the same for every delivery of one event (several subscriptions, a re-sent
/// delivery under a new webhook id); a second webhook with a stored event id is a duplicate. Null when the sender gave none.
/// </param>
public sealed record IncomingWebhook(long StoreId, string WebhookId, string Topic, string? Payload, DateTimeOffset ReceivedAt, bool Ignored = false, string? EventId = null)
{
    /// <inheritdoc />
    public override string ToString() => $"IncomingWebhook {{ StoreId = {StoreId}, WebhookId = {WebhookId}, Topic = {Topic}, Ignored = {Ignored} }}";
}

namespace AdPilot.Storage.Ingestion;

/// <summary>A received webhook, stored under its id before it is processed so a redelivery changes nothing.</summary>
/// <param name="WebhookId">The sender's delivery id (Shopify's X-Shopify-Webhook-Id).</param>
/// <param name="Topic">The topic, e.g. orders/create.</param>
/// <param name="Payload">The raw body; cleared once processed, since it may hold customer details.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record WebhookEvent(string WebhookId, string Topic, string? Payload, DateTimeOffset ReceivedAt);

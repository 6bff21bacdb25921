namespace AdPilot.Storage.Webhooks;

/// <summary>A stored webhook not yet processed, without its payload (read separately, by key).</summary>
/// <param name="StoreId">The store.</param>
/// <param name="WebhookId">The webhook id.</param>
/// <param name="Topic">The topic.</param>
/// <param name="ReceivedAt">When it arrived.</param>
public sealed record PendingWebhook(long StoreId, string WebhookId, string Topic, DateTimeOffset ReceivedAt);

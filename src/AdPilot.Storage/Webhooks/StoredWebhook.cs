namespace AdPilot.Storage.Webhooks;

/// <summary>A webhook as stored.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="WebhookId">The webhook id.</param>
/// <param name="Topic">The topic.</param>
/// <param name="Status">Where it stands.</param>
/// <param name="Payload">The raw body while pending; null once processed, failed or ignored.</param>
/// <param name="Error">Why it failed, when it did.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="ProcessedAt">When it was processed, failed or ignored.</param>
public sealed record StoredWebhook(
    long StoreId, string WebhookId, string Topic, WebhookStatus Status, string? Payload, string? Error, DateTimeOffset ReceivedAt, DateTimeOffset? ProcessedAt)
{
    /// <inheritdoc />
    public override string ToString() => $"StoredWebhook {{ StoreId = {StoreId}, WebhookId = {WebhookId}, Topic = {Topic}, Status = {Status} }}";
}

namespace AdPilot.Web.Webhooks;

/// <summary>A stored webhook waiting for the processor; without its payload when it is read back from the database.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="WebhookId">The webhook id.</param>
/// <param name="Topic">The topic.</param>
/// <param name="ReceivedAt">When it arrived.</param>
/// <param name="Payload">The raw body, or null to read it from the database.</param>
internal sealed record QueuedWebhook(long StoreId, string WebhookId, string Topic, DateTimeOffset ReceivedAt, string? Payload)
{
    public override string ToString() => $"QueuedWebhook {{ StoreId = {StoreId}, WebhookId = {WebhookId}, Topic = {Topic} }}";
}

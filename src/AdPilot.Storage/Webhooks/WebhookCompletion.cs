namespace AdPilot.Storage.Webhooks;

/// <summary>How one pending webhook ended: processed, or failed with a reason.</summary>
/// <param name="StoreId">The store.</param>
/// <param name="WebhookId">The webhook id.</param>
/// <param name="Error">Why its payload could not be processed (no payload content), or null when it was processed.</param>
public sealed record WebhookCompletion(long StoreId, string WebhookId, string? Error = null);

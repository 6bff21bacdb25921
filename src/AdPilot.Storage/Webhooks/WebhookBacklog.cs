namespace AdPilot.Storage.Webhooks;

/// <summary>The stored webhooks not yet processed.</summary>
/// <param name="Depth">How many.</param>
/// <param name="OldestReceivedAt">When the oldest arrived; null when there are none.</param>
public readonly record struct WebhookBacklog(long Depth, DateTimeOffset? OldestReceivedAt);

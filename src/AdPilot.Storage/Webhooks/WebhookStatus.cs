namespace AdPilot.Storage.Webhooks;

/// <summary>Where a stored webhook stands in the receiver's queue (<c>webhook_events.status</c>).</summary>
public enum WebhookStatus
{
    /// <summary>Stored with its payload and acknowledged, not yet processed.</summary>
    Pending = 0,

    /// <summary>Processed: its order upserted (or nothing to upsert), the payload cleared.</summary>
    Processed = 1,

    /// <summary>The payload could not be read: the reason kept, the payload cleared, never retried.</summary>
    Failed = 2,

    /// <summary>A topic AdPilot does not handle: recorded without a payload, never processed.</summary>
    Ignored = 3,
}

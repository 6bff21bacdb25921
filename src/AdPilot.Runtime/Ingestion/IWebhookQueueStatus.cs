namespace AdPilot.Runtime.Ingestion;

/// <summary>
/// The webhook receiver's queue as it stands: webhooks stored and acknowledged but not yet processed into orders.
/// <c>adpilot serve</c> registers it; alerts and health checks read it.
/// </summary>
public interface IWebhookQueueStatus
{
    /// <summary>Gets how many webhooks are stored and not yet processed.</summary>
    long Depth { get; }

    /// <summary>Gets the age of the oldest webhook not yet processed; zero when the queue is empty.</summary>
    TimeSpan Lag { get; }
}

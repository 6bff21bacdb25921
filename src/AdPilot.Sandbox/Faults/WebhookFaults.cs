namespace AdPilot.Sandbox.Faults;

/// <summary>
/// How the sandbox misbehaves when it delivers Shopify webhooks, as Shopify itself may: each probability is per delivery,
/// from 0 (never) to 1 (always).
/// </summary>
/// <param name="DuplicateProbability">A delivery is sent twice (same <c>X-Shopify-Webhook-Id</c> and event id).</param>
/// <param name="OutOfOrderProbability">A delivery is held back and sent after the one that follows it.</param>
/// <param name="FailureProbability">A delivery attempt is not made and counts as failed, so it is retried later.</param>
public sealed record WebhookFaults(double DuplicateProbability = 0, double OutOfOrderProbability = 0, double FailureProbability = 0)
{
    /// <summary>Gets the faults of a well-behaved Shopify: none.</summary>
    public static WebhookFaults None { get; } = new();
}

namespace AdPilot.Runtime.Loop;

/// <summary>
/// The points of a worker's work where a crash is most telling: each sits between two durable writes (or a write and a
/// platform call), so a worker that dies there leaves exactly the half-done state recovery must finish.
/// </summary>
public enum FaultPoint
{
    /// <summary>A cycle has settled what earlier cycles left open, before it pulls the account's insights.</summary>
    BeforeInsights,

    /// <summary>A cycle has stored the insights pull, before it logs human changes and scores the hour.</summary>
    AfterInsights,

    /// <summary>The policy has decided, before the guardrails judge and the log records the decisions.</summary>
    AfterDecide,

    /// <summary>The intents are written, before the platform is called to apply them.</summary>
    BeforePlatformWrite,

    /// <summary>The platform has answered a write, before its outcome is recorded.</summary>
    AfterPlatformWrite,

    /// <summary>The cycle's actions are settled, before the policy is saved and the ledger records the cycle.</summary>
    AfterApply,

    /// <summary>A batch of webhooks has been turned into orders, before the webhooks are marked processed.</summary>
    WebhookProcessing,
}

/// <summary>
/// Told when a worker reaches a <see cref="FaultPoint"/>. Production registers <see cref="FaultPoints.None"/>, which
/// does nothing; <c>adpilot chaos</c> registers one that kills the worker there (it cancels the worker and does not
/// return), so the soak can prove that the next worker on the same database finishes what the dead one left.
/// </summary>
public interface IFaultPoints
{
    /// <summary>Called at <paramref name="point"/>; returns at once unless a fault is injected there.</summary>
    /// <param name="point">Where the worker is.</param>
    /// <param name="cancellationToken">The work's token; an injected kill ends in its cancellation.</param>
    /// <returns>A task that completes when the work may go on.</returns>
    ValueTask ReachedAsync(FaultPoint point, CancellationToken cancellationToken);
}

/// <summary>The fault points of production: none is ever injected.</summary>
public sealed class FaultPoints : IFaultPoints
{
    private FaultPoints()
    {
    }

    /// <summary>Gets the instance that does nothing.</summary>
    public static IFaultPoints None { get; } = new FaultPoints();

    /// <inheritdoc />
    public ValueTask ReachedAsync(FaultPoint point, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}

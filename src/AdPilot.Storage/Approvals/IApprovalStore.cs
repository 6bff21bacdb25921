namespace AdPilot.Storage.Approvals;

/// <summary>Approvals of actions the guardrails held for a person.</summary>
public interface IApprovalStore
{
    /// <summary>Requests approval of an action that is pending approval; asking twice returns the first request.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The action.</param>
    /// <param name="expiresAt">When the request lapses, if ever.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The approval.</returns>
    Task<Approval> RequestAsync(long storeId, long actionId, DateTimeOffset? expiresAt, CancellationToken cancellationToken);

    /// <summary>
    /// Approves or rejects a pending request. Approving writes the action's intent (pending_approval → intended) in the
    /// same transaction. A request past its expiry is marked expired instead.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="approvalId">The approval.</param>
    /// <param name="approve">True to approve, false to reject.</param>
    /// <param name="decidedBy">Who decides.</param>
    /// <param name="note">A note.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The approval as decided.</returns>
    /// <exception cref="InvalidOperationException">It is not pending, or has expired.</exception>
    Task<Approval> DecideAsync(long storeId, long approvalId, bool approve, string decidedBy, string? note, CancellationToken cancellationToken);

    /// <summary>Pending requests not yet expired, oldest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The approvals.</returns>
    Task<IReadOnlyList<Approval>> ListPendingAsync(long storeId, CancellationToken cancellationToken);
}

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
    /// Requests approval of an action that is pending approval, for exactly <paramref name="change"/>; asking twice returns
    /// the first request.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The action.</param>
    /// <param name="expiresAt">When the request lapses, if ever.</param>
    /// <param name="change">The budget change asked for (from, to), which is all an approval can authorise.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The approval.</returns>
    Task<Approval> RequestAsync(long storeId, long actionId, DateTimeOffset? expiresAt, ApprovedChange? change, CancellationToken cancellationToken);

    /// <summary>
    /// Approves or rejects a pending request. Approving writes the action's intent (pending_approval → intended) in the
    /// same transaction, with the decision's entry in the admin audit trail (actor read from <paramref name="decidedBy"/>,
    /// <c>source:name</c>). A request past its expiry is marked expired instead.
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

    /// <summary>
    /// The last check before an increase over the approval threshold reaches the platform: true, and the approval marked
    /// consumed, only when the action's approval was approved, asked for exactly this change (same from and to budgets
    /// and currency), and is not consumed yet, or was consumed by this same action's earlier attempt whose outcome is still
    /// open (a transient failure retried). Anything else is false with the reason.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The action about to be applied.</param>
    /// <param name="from">The ad set's daily budget on the platform now.</param>
    /// <param name="to">The daily budget the action would apply.</param>
    /// <param name="currency">Their currency.</param>
    /// <param name="cancellationToken">Cancels the check.</param>
    /// <returns>Whether it may be applied, and why not.</returns>
    Task<(bool Authorised, string? Reason)> ConsumeAsync(long storeId, long actionId, decimal from, decimal to, string currency, CancellationToken cancellationToken);

    /// <summary>Pending requests not yet expired, oldest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The approvals.</returns>
    Task<IReadOnlyList<Approval>> ListPendingAsync(long storeId, CancellationToken cancellationToken);
}

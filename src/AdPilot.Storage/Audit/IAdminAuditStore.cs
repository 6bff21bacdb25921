namespace AdPilot.Storage.Audit;

/// <summary>
/// The admin audit trail: append and read, nothing else (the table refuses updates and deletes too). Stores whose writes
/// are admin actions (approvals, the kill switch's alert, checkpoint promotions, secrets) write their entry in the same
/// transaction as the action; this store appends the entries of actions that write nothing else (a run's mode change,
/// webhook subscriptions, a restore's request).
/// </summary>
public interface IAdminAuditStore
{
    /// <summary>Appends one entry, stamped with the store's clock.</summary>
    /// <param name="storeId">The store, or <see langword="null"/> for an action across stores.</param>
    /// <param name="record">The action.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry written.</returns>
    Task<AdminAuditEntry> AppendAsync(long? storeId, AdminAuditRecord record, CancellationToken cancellationToken);

    /// <summary>The newest entries first.</summary>
    /// <param name="storeId">Only this store's entries and those across stores; every entry when <see langword="null"/>.</param>
    /// <param name="since">Only entries at or after this instant, if given.</param>
    /// <param name="limit">At most this many (1 or more).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, newest first.</returns>
    Task<IReadOnlyList<AdminAuditEntry>> ListAsync(long? storeId, DateTimeOffset? since, int limit, CancellationToken cancellationToken);

    /// <summary>The last mode a run of the store recorded (<c>shadow</c>, <c>pilot</c>, <c>expand</c>), if any.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The mode, or <see langword="null"/> when no mode change was ever recorded.</returns>
    Task<string?> LastModeAsync(long storeId, CancellationToken cancellationToken);
}

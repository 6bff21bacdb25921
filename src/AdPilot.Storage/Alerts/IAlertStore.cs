namespace AdPilot.Storage.Alerts;

/// <summary>Alerts raised by the loop (spend spikes, low ROAS, API failures), one open alert per dedupe key.</summary>
public interface IAlertStore
{
    /// <summary>Raises an alert unless one with the same key is open.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="severity">How urgent.</param>
    /// <param name="dedupeKey">The key.</param>
    /// <param name="message">What happened.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when a new alert was raised.</returns>
    Task<bool> RaiseAsync(long storeId, string kind, AlertSeverity severity, string dedupeKey, string message, CancellationToken cancellationToken);

    /// <summary>Resolves the open alert with this key, if any.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="dedupeKey">The key.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when an alert was resolved.</returns>
    Task<bool> ResolveAsync(long storeId, string dedupeKey, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="RaiseAsync(long, string, AlertSeverity, string, string, CancellationToken)"/>, writing
    /// <paramref name="audit"/> to the admin audit trail in the same transaction when the alert is raised (an admin action
    /// held as an alert: the kill switch).
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="kind">The kind.</param>
    /// <param name="severity">How urgent.</param>
    /// <param name="dedupeKey">The key.</param>
    /// <param name="message">What happened.</param>
    /// <param name="audit">The admin action.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when a new alert was raised.</returns>
    Task<bool> RaiseAsync(
        long storeId, string kind, AlertSeverity severity, string dedupeKey, string message, Audit.AdminAuditRecord audit, CancellationToken cancellationToken);

    /// <summary>As <see cref="ResolveAsync(long, string, CancellationToken)"/>, writing <paramref name="audit"/> in the same transaction when an alert is resolved.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="dedupeKey">The key.</param>
    /// <param name="audit">The admin action.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when an alert was resolved.</returns>
    Task<bool> ResolveAsync(long storeId, string dedupeKey, Audit.AdminAuditRecord audit, CancellationToken cancellationToken);

    /// <summary>Open alerts, most severe then oldest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The alerts.</returns>
    Task<IReadOnlyList<Alert>> ListOpenAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>
    /// The alerts raised or resolved since <paramref name="since"/>, open and resolved, newest first (the dashboard's and a
    /// report's history), at most <paramref name="limit"/>.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="since">The earliest raise or resolution to include.</param>
    /// <param name="limit">The most alerts to return.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The alerts, by the later of their raise and resolution, newest first.</returns>
    Task<IReadOnlyList<Alert>> ListRecentAsync(long storeId, DateTimeOffset since, int limit, CancellationToken cancellationToken);
}

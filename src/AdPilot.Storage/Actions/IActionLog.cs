using AdPilot.Core.Domain;
namespace AdPilot.Storage.Actions;

/// <summary>
/// actions_log: every decision, with an intent written before any platform call and the outcome after it, so a crash
/// never applies a change twice (the intent is found again) or loses one.
/// </summary>
public interface IActionLog
{
    /// <summary>Logs a decision; a decision whose idempotency key is already logged returns the logged entry unchanged.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="decision">The decision.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry.</returns>
    Task<ActionLogEntry> RecordAsync(long storeId, ActionDecision decision, CancellationToken cancellationToken);

    /// <summary>Writes the intent for an approved decision: pending_approval → intended.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The entry.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="InvalidOperationException">The entry is not pending approval.</exception>
    Task<ActionLogEntry> MarkIntendedAsync(long storeId, long actionId, CancellationToken cancellationToken);

    /// <summary>Writes the outcome of the platform call: intended → applied or failed.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The entry.</param>
    /// <param name="succeeded">Whether the platform accepted the change.</param>
    /// <param name="platformResponse">The platform's response.</param>
    /// <param name="error">The error, when it failed.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="InvalidOperationException">The entry is not intended (already completed, or never meant to call).</exception>
    Task<ActionLogEntry> CompleteAsync(long storeId, long actionId, bool succeeded, string? platformResponse, string? error, CancellationToken cancellationToken);

    /// <summary>Marks an applied change undone: applied → rolled_back.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The entry.</param>
    /// <param name="platformResponse">The platform's response to the undo.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The entry.</returns>
    /// <exception cref="InvalidOperationException">The entry is not applied.</exception>
    Task<ActionLogEntry> MarkRolledBackAsync(long storeId, long actionId, string? platformResponse, CancellationToken cancellationToken);

    /// <summary>Reads an entry.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="actionId">The entry.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entry, or null.</returns>
    Task<ActionLogEntry?> GetAsync(long storeId, long actionId, CancellationToken cancellationToken);

    /// <summary>Intents without an outcome: after a crash, the calls whose result must be checked on the platform.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries, oldest first.</returns>
    Task<IReadOnlyList<ActionLogEntry>> ListOpenIntentsAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>Entries for hours in [from, to), by hour then id, e.g. for off-policy evaluation.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<ActionLogEntry>> ListAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>
    /// When each ad set's last applied change completed, among the entries of hours in [from, to): the cool-down's input,
    /// read without the entries themselves (a large store logs tens of thousands of decisions an hour).
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="excludedResponse">A platform response that marks an applied entry as no change (left out); none when null.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The latest completion per ad set that has one.</returns>
    Task<IReadOnlyDictionary<AdSetRef, DateTimeOffset>> LastAppliedChangesAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, string? excludedResponse, CancellationToken cancellationToken);

    /// <summary>One ad set's applied entries completed at or after <paramref name="since"/>, by id.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="adSet">The ad set.</param>
    /// <param name="since">The earliest completion.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The entries.</returns>
    Task<IReadOnlyList<ActionLogEntry>> ListAppliedAsync(long storeId, AdSetRef adSet, DateTimeOffset since, CancellationToken cancellationToken);

    /// <summary>
    /// The last applied entry of each ad set that has one (latest completion; the highest id among ties): what AdPilot, or
    /// a person as it observed, last set. Human-change detection compares the platform with it.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One entry per ad set.</returns>
    Task<IReadOnlyList<ActionLogEntry>> LatestAppliedAsync(long storeId, CancellationToken cancellationToken);
}

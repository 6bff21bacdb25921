using AdPilot.Core.Domain;

namespace AdPilot.Storage.Cycles;

/// <summary>
/// The ledger of the hourly loop (<c>cycle_runs</c>): which account-hours ran, where, how often and how they ended. The
/// claim is what makes a cycle run once per account-hour however often its job fires.
/// </summary>
public interface ICycleRunStore
{
    /// <summary>
    /// Claims an account-hour for a worker: records it running (first attempt), or claims a running or failed one again
    /// (attempts + 1). A running row is taken to be abandoned by a dead worker, since the scheduler never runs one
    /// account's job twice at once; the claim it supersedes can no longer record its finish. One upsert, so concurrent
    /// claims never fail on the account-hour's unique key.
    /// </summary>
    /// <param name="storeId">The store.</param>
    /// <param name="platform">The ad account's platform.</param>
    /// <param name="accountId">The platform's id of the ad account.</param>
    /// <param name="hour">The UTC hour; must be a whole hour.</param>
    /// <param name="worker">The instance id of the claiming worker.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>The claim, or null when the account-hour already succeeded.</returns>
    /// <exception cref="ArgumentException"><paramref name="hour"/> is not a whole hour, or an id is blank.</exception>
    Task<CycleRunClaim?> TryStartAsync(long storeId, Platform platform, string accountId, DateTimeOffset hour, string worker, CancellationToken cancellationToken);

    /// <summary>
    /// Records how a claimed run ended. A claim superseded by a later one (its worker was given up for dead and another
    /// ran the hour) records nothing, so a late finish never overwrites the newer attempt.
    /// </summary>
    /// <param name="claim">The claim from <see cref="TryStartAsync"/>.</param>
    /// <param name="succeeded">True when the cycle finished.</param>
    /// <param name="summaryJson">The cycle's short JSON summary, or null.</param>
    /// <param name="error">The failure's message, or null; cut to <see cref="CycleRunStore.MaxErrorLength"/> characters.</param>
    /// <param name="cancellationToken">Cancels the write.</param>
    /// <returns>True when recorded; false when the claim was superseded.</returns>
    Task<bool> CompleteAsync(CycleRunClaim claim, bool succeeded, string? summaryJson, string? error, CancellationToken cancellationToken);

    /// <summary>The store's account-hours from <paramref name="from"/> (inclusive) to <paramref name="to"/> (exclusive), by hour then account.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">The first hour.</param>
    /// <param name="to">The end.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The runs.</returns>
    Task<IReadOnlyList<CycleRun>> ListAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);
}

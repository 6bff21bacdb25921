namespace AdPilot.Runtime.Scheduling;

/// <summary>Runs one account-hour cycle.</summary>
public interface IAccountHourRunner
{
    /// <summary>
    /// Runs one account-hour cycle; idempotent (running the same account-hour twice changes nothing twice), since a worker
    /// that dies mid-cycle leaves its account-hour to be run again by another.
    /// </summary>
    /// <param name="work">The account-hour.</param>
    /// <param name="cancellationToken">Cancels the cycle (the worker is stopping).</param>
    /// <returns>A short JSON summary to keep in the ledger, or null.</returns>
    Task<string?> RunAsync(AccountHour work, CancellationToken cancellationToken);
}

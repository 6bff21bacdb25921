using AdPilot.Storage.Cycles;
using Microsoft.Extensions.Logging;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// The one path every account-hour takes, from a Quartz job or from <see cref="CycleScheduler.RunOnceAsync"/>: claim it
/// in the ledger (skip it when it already succeeded), run the cycle, record how it ended.
/// <paramref name="stopping"/> is the scheduler's own stop signal, joined to every run's token, so a stop that gives up
/// waiting cancels the cycles whatever Quartz's interruption settings.
/// </summary>
internal sealed class AccountHourExecutor(IAccountHourRunner runner, ICycleRunStore ledger, string worker, ILogger logger, CancellationToken stopping)
{
    /// <summary>The message a cancelled cycle leaves in the ledger.</summary>
    internal const string CancelledError = "cancelled: the worker stopped before the cycle finished";

    public string Worker => worker;

    public async Task<AccountHourResult> RunAsync(AccountHour work, bool recovering, CancellationToken cancellationToken)
    {
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, stopping);
        return await RunLinkedAsync(work, recovering, linked.Token).ConfigureAwait(false);
    }

    private async Task<AccountHourResult> RunLinkedAsync(AccountHour work, bool recovering, CancellationToken cancellationToken)
    {
        var account = work.Account.ToString();
        var claim = await ledger.TryStartAsync(work.StoreId, work.Account.Platform, work.Account.AccountId, work.HourUtc, worker, cancellationToken).ConfigureAwait(false);
        if (claim is null)
        {
            logger.CycleAlreadySucceeded(account, work.HourUtc);
            return new AccountHourResult(work, AccountHourOutcome.AlreadySucceeded, null);
        }

        logger.CycleStarting(account, work.HourUtc, claim.Attempt, worker, recovering ? " (recovering a dead worker's job)" : string.Empty);
        string? summary;
        try
        {
            summary = await runner.RunAsync(work, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The worker is stopping: the outcome is still written (without the cancelled token), so the next claim of
            // this account-hour sees a failed run rather than one that looks as if it were still going.
            await CompleteAsync(claim, succeeded: false, null, CancelledError).ConfigureAwait(false);
            logger.CycleCancelled(account, work.HourUtc, claim.Attempt);
            throw;
        }
#pragma warning disable CA1031 // Any failure of one account's cycle is recorded in the ledger and logged; it must not stop the scheduler's other jobs.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            var error = $"{ex.GetType().Name}: {ex.Message}";
            await CompleteAsync(claim, succeeded: false, null, error).ConfigureAwait(false);
            logger.CycleFailed(account, work.HourUtc, claim.Attempt, error);
            return new AccountHourResult(work, AccountHourOutcome.Failed, error);
        }

        await CompleteAsync(claim, succeeded: true, summary, null).ConfigureAwait(false);
        logger.CycleSucceeded(account, work.HourUtc);
        return new AccountHourResult(work, AccountHourOutcome.Succeeded, null);
    }

    private async Task CompleteAsync(CycleRunClaim claim, bool succeeded, string? summary, string? error)
    {
        // Not cancellable: once the cycle has run, what it did must reach the ledger even while the worker stops.
        if (!await ledger.CompleteAsync(claim, succeeded, summary, error, CancellationToken.None).ConfigureAwait(false))
        {
            logger.CycleSuperseded($"{claim.Platform}:{claim.AccountId}", claim.Hour, worker);
        }
    }
}

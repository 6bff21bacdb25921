using AdPilot.Core.Domain;
using AdPilot.Storage.Cycles;

namespace AdPilot.Runtime.Tests.Scheduling;

/// <summary>The real ledger, counting the claims asked of it: one per fire of a job, run or skipped.</summary>
internal sealed class CountingLedger(ICycleRunStore inner) : ICycleRunStore
{
    private int _claims;

    public int Claims => Volatile.Read(ref _claims);

    public Task<CycleRunClaim?> TryStartAsync(long storeId, Platform platform, string accountId, DateTimeOffset hour, string worker, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _claims);
        return inner.TryStartAsync(storeId, platform, accountId, hour, worker, cancellationToken);
    }

    public Task<bool> CompleteAsync(CycleRunClaim claim, bool succeeded, string? summaryJson, string? error, CancellationToken cancellationToken) =>
        inner.CompleteAsync(claim, succeeded, summaryJson, error, cancellationToken);

    public Task<IReadOnlyList<CycleRun>> ListAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken) =>
        inner.ListAsync(storeId, from, to, cancellationToken);
}

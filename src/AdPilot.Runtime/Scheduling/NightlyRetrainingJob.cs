using System.Globalization;
using Quartz;

namespace AdPilot.Runtime.Scheduling;

/// <summary>
/// The Quartz job of one store's nightly retraining: each fire retrains the night of its scheduled fire time. Never two
/// fires of one store at once, across the cluster too; a fire whose worker died is recovered by another worker, and the
/// retraining's one-version-per-night rule makes the rerun report the version instead of training a second.
/// </summary>
[DisallowConcurrentExecution]
internal sealed class NightlyRetrainingJob(IRetrainingRunner runner) : IJob
{
    internal const string StoreIdKey = "storeId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var storeId = context.JobDetail.JobDataMap.TryGetValue(StoreIdKey, out var value)
            && long.TryParse(value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new InvalidOperationException($"the retraining job's data has no '{StoreIdKey}'");
        try
        {
            await runner.RunNightAsync(storeId, AccountHourJob.ScheduledFireTime(context), cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The runner has logged and alerted it; the next night runs as usual.
        }
    }
}

using System.Globalization;
using Quartz;

namespace AdPilot.Runtime.Scheduling;

/// <summary>The Quartz job of one store's token refresh; never two at once for a store, across the cluster too.</summary>
[DisallowConcurrentExecution]
internal sealed class TokenRefreshJob(ITokenRefreshRunner runner) : IJob
{
    internal const string StoreIdKey = "storeId";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var storeId = context.JobDetail.JobDataMap.TryGetValue(StoreIdKey, out var value)
            && long.TryParse(value?.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var id)
                ? id
                : throw new InvalidOperationException($"the token refresh job's data has no '{StoreIdKey}'");
        try
        {
            await runner.RefreshAsync(storeId, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            // The runner has alerted what it could; the next look runs as scheduled.
        }
    }
}

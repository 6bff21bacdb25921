using AdPilot.Storage.Actions;

namespace AdPilot.Storage.Dashboard;

/// <summary>The dashboard's read model: sums and pages over rewards, insights and the action log. Reads only.</summary>
public interface IDashboardQueries
{
    /// <summary>Each platform's spend, revenue, cost of goods, profit and conversions per bucket of [from, to), oldest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="bucket">Hours or store-local days.</param>
    /// <param name="zone">The store's time zone (days start at its midnight).</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One point per bucket and platform that has rewards.</returns>
    Task<IReadOnlyList<PerformancePoint>> PerformanceAsync(
        long storeId, DateTimeOffset from, DateTimeOffset to, TimeBucket bucket, TimeZoneInfo zone, CancellationToken cancellationToken);

    /// <summary>The rewards of [from, to) summed per platform and creative group of their ad sets, largest spend first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The groups.</returns>
    Task<IReadOnlyList<CreativePerformance>> CreativesAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>What each platform reported for its ad sets over [from, to) (insights_hourly, ad set rows).</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per platform with insights.</returns>
    Task<IReadOnlyList<PlatformInsights>> PlatformInsightsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken);

    /// <summary>The reward summed per store-local day of [from, to), oldest first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="from">First hour.</param>
    /// <param name="to">End hour, exclusive.</param>
    /// <param name="zone">The store's time zone.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>One row per day with rewards.</returns>
    Task<IReadOnlyList<DailyReward>> DailyRewardsAsync(long storeId, DateTimeOffset from, DateTimeOffset to, TimeZoneInfo zone, CancellationToken cancellationToken);

    /// <summary>The policies, versions and checkpoints recorded on the action log, most recently used first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The versions.</returns>
    Task<IReadOnlyList<PolicyVersionUse>> PolicyVersionsAsync(long storeId, CancellationToken cancellationToken);

    /// <summary>A page of the action log, newest first, optionally only one verdict or status.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="verdict">Only this verdict, or every one when null.</param>
    /// <param name="status">Only this status, or every one when null.</param>
    /// <param name="offset">Rows to skip.</param>
    /// <param name="limit">Rows to return, 1 to 500.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The page and the count of matching rows.</returns>
    Task<ActionPage> ActionsAsync(
        long storeId, GuardrailVerdict? verdict, ActionStatus? status, int offset, int limit, CancellationToken cancellationToken);

    /// <summary>The latest decided or expired approvals, newest decision first.</summary>
    /// <param name="storeId">The store.</param>
    /// <param name="limit">How many, 1 to 500.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The approvals.</returns>
    Task<IReadOnlyList<DecidedApproval>> RecentDecisionsAsync(long storeId, int limit, CancellationToken cancellationToken);
}

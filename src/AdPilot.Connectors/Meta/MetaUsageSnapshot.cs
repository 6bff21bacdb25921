namespace AdPilot.Connectors.Meta;

/// <summary>
/// What Meta's usage headers said on one response, as percentages of a limit (100 = throttled). A header Meta did
/// not send is <see langword="null"/>: Meta sends them only once enough calls were made, and missing is not 0 %.
/// </summary>
/// <param name="AppCallCount"><c>X-App-Usage</c> <c>call_count</c>.</param>
/// <param name="AppTotalCpuTime"><c>X-App-Usage</c> <c>total_cputime</c>.</param>
/// <param name="AppTotalTime"><c>X-App-Usage</c> <c>total_time</c>.</param>
/// <param name="AdAccountUtilization"><c>X-Ad-Account-Usage</c> <c>acc_id_util_pct</c>.</param>
/// <param name="BusinessUseCases"><c>X-Business-Use-Case-Usage</c> entries, one per object id and type.</param>
public sealed record MetaUsageSnapshot(
    double? AppCallCount,
    double? AppTotalCpuTime,
    double? AppTotalTime,
    double? AdAccountUtilization,
    IReadOnlyList<MetaBusinessUseCaseUsage> BusinessUseCases)
{
    /// <summary>Gets the highest percentage any header reported, or <see langword="null"/> when none did.</summary>
    public double? HighestPercent =>
        new[] { AppCallCount, AppTotalCpuTime, AppTotalTime, AdAccountUtilization }
            .Concat(BusinessUseCases.SelectMany(b => new double?[] { b.CallCount, b.TotalCpuTime, b.TotalTime }))
            .Max();
}

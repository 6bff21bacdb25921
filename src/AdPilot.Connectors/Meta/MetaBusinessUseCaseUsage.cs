namespace AdPilot.Connectors.Meta;

/// <summary>One entry of <c>X-Business-Use-Case-Usage</c>.</summary>
/// <param name="ObjectId">The business or ad account id the entry is keyed by.</param>
/// <param name="Type">The use case, e.g. <c>ads_management</c> or <c>ads_insights</c>.</param>
/// <param name="CallCount">Percent of the call-count limit used.</param>
/// <param name="TotalCpuTime">Percent of the CPU-time limit used.</param>
/// <param name="TotalTime">Percent of the total-time limit used.</param>
/// <param name="EstimatedTimeToRegainAccess">How long until calls are allowed again (Meta sends minutes).</param>
public sealed record MetaBusinessUseCaseUsage(
    string ObjectId,
    string Type,
    double? CallCount,
    double? TotalCpuTime,
    double? TotalTime,
    TimeSpan EstimatedTimeToRegainAccess);

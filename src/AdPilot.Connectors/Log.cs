using Microsoft.Extensions.Logging;

namespace AdPilot.Connectors;

/// <summary>The connectors' log messages. None takes a token, a secret or personal data.</summary>
internal static partial class Log
{
    [LoggerMessage(EventId = LogEventIds.ShopifyThrottled, Level = LogLevel.Information,
        Message = "Shopify {Shop} throttled the orders query (cost {RequestedCost}, {Available} available); waiting {WaitMs} ms, attempt {Attempt}")]
    public static partial void ShopifyThrottled(
        this ILogger logger, string shop, double requestedCost, double available, double waitMs, int attempt);

    [LoggerMessage(EventId = LogEventIds.ShopifyOrdersPageRead, Level = LogLevel.Debug,
        Message = "Shopify {Shop} orders page read: {Count} orders, more: {HasNextPage}")]
    public static partial void ShopifyOrdersPageRead(this ILogger logger, string shop, int count, bool hasNextPage);

    [LoggerMessage(EventId = LogEventIds.ShopifyBulkBackfillRead, Level = LogLevel.Information,
        Message = "Shopify {Shop} bulk backfill read: {Count} orders")]
    public static partial void ShopifyBulkBackfillRead(this ILogger logger, string shop, int count);

    [LoggerMessage(EventId = LogEventIds.ThrottledRead, Level = LogLevel.Information,
        Message = "{Api} account {Account} throttled a read (code {Code}); waiting {WaitMs} ms before retry {Retry}")]
    public static partial void ThrottledRead(this ILogger logger, string api, string account, string code, double waitMs, int retry);

    [LoggerMessage(EventId = LogEventIds.MetaPacing, Level = LogLevel.Debug,
        Message = "Meta account {Account} is at {UsagePercent}% of a rate limit; pacing the next call by {WaitMs} ms")]
    public static partial void MetaPacing(this ILogger logger, string account, double usagePercent, double waitMs);

    [LoggerMessage(EventId = LogEventIds.MetaRegainAccessWait, Level = LogLevel.Information,
        Message = "Meta account {Account} is blocked by a rate limit; waiting {WaitMs} ms for access before the next call")]
    public static partial void MetaRegainAccessWait(this ILogger logger, string account, double waitMs);

    [LoggerMessage(EventId = LogEventIds.MetaReportRunPolled, Level = LogLevel.Debug,
        Message = "Meta account {Account} report run {ReportRunId}: {Status} ({Percent}%)")]
    public static partial void MetaReportRunPolled(this ILogger logger, string account, string reportRunId, string status, int percent);
}

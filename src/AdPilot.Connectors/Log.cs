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
}

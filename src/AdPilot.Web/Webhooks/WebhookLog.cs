using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// The webhook receiver's log messages, event ids 6200–6219. They name shops, webhook ids, topics and counts; never a
/// body, a signature, the secret or anything about a buyer.
/// </summary>
internal static partial class WebhookLog
{
    [LoggerMessage(EventId = 6200, Level = LogLevel.Information,
        Message = "Webhook receiver at POST /webhooks/shopify: {Writers} writers, batches of up to {WriteBatch}, bodies up to {MaxBytes} bytes")]
    public static partial void Ready(this ILogger logger, int writers, int writeBatch, int maxBytes);

    [LoggerMessage(EventId = 6201, Level = LogLevel.Warning,
        Message = "Shopify:WebhookSecret is not set: every webhook is refused as unsigned (SHOPIFY_WEBHOOK_SECRET)")]
    public static partial void NoSecret(this ILogger logger);

    [LoggerMessage(EventId = 6202, Level = LogLevel.Warning, Message = "Webhook refused: bad or missing signature (shop header {Shop})")]
    public static partial void BadSignature(this ILogger logger, string? shop);

    [LoggerMessage(EventId = 6203, Level = LogLevel.Warning, Message = "Webhook refused: body over {MaxBytes} bytes (shop header {Shop})")]
    public static partial void TooLarge(this ILogger logger, int maxBytes, string? shop);

    [LoggerMessage(EventId = 6204, Level = LogLevel.Warning, Message = "Webhook refused: {Problem} (shop {Shop})")]
    public static partial void BadRequest(this ILogger logger, string problem, string? shop);

    [LoggerMessage(EventId = 6205, Level = LogLevel.Warning, Message = "Webhook refused: shop {Shop} is not a store of this AdPilot")]
    public static partial void UnknownShop(this ILogger logger, string shop);

    [LoggerMessage(EventId = 6206, Level = LogLevel.Debug, Message = "Webhook {WebhookId} {Topic} of store {StoreId}: {Outcome}")]
    public static partial void Received(this ILogger logger, string webhookId, string topic, long storeId, string outcome);

    [LoggerMessage(EventId = 6207, Level = LogLevel.Error, Message = "Storing {Count} webhooks failed; they are answered 503 and Shopify delivers them again")]
    public static partial void StoreFailed(this ILogger logger, int count, Exception exception);

    [LoggerMessage(EventId = 6208, Level = LogLevel.Warning, Message = "Webhook {WebhookId} ({Topic}) of store {StoreId} is unreadable and will not be retried: {Reason}")]
    public static partial void Poison(this ILogger logger, string webhookId, string topic, long storeId, string reason);

    [LoggerMessage(EventId = 6209, Level = LogLevel.Warning, Message = "Processing {Count} webhooks failed; retrying in {Seconds:0.0} s")]
    public static partial void ProcessRetry(this ILogger logger, int count, double seconds, Exception exception);

    [LoggerMessage(EventId = 6210, Level = LogLevel.Warning, Message = "Webhook {WebhookId} of store {StoreId} belongs to no known store any more; marked failed")]
    public static partial void StoreGone(this ILogger logger, string webhookId, long storeId);

    [LoggerMessage(EventId = 6211, Level = LogLevel.Information, Message = "{Count} webhooks stored before this start and not processed are queued first")]
    public static partial void Backlog(this ILogger logger, int count);

    [LoggerMessage(EventId = 6212, Level = LogLevel.Warning,
        Message = "Webhook {WebhookId} ({Topic}, shop {Shop}) refused as {Reason}: triggered at {TriggeredAt}, received at {Now}")]
    public static partial void Replay(this ILogger logger, string webhookId, string topic, string shop, string reason, string triggeredAt, DateTimeOffset now);
}

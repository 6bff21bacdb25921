using System.Buffers;
using System.Globalization;
using System.Text;
using AdPilot.Connectors.Shopify;
using AdPilot.Runtime.Observability;
using AdPilot.Storage.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// One Shopify delivery, in the order api-reference §3.6 asks: size (413), signature over the exact raw bytes before
/// anything is parsed (401), the headers AdPilot needs (400), the replay window on <c>X-Shopify-Triggered-At</c> (400:
/// missing or unreadable, older than <see cref="WebhookReceiverOptions.MaxAge"/>, or further in the future than
/// <see cref="WebhookReceiverOptions.MaxFutureSkew"/>), the shop (404), then the webhook stored with the next group
/// commit (<see cref="WebhookWriter"/>) and only then answered 200, new or duplicate (the same webhook id or event id is
/// stored once). The order itself is made later by the <see cref="WebhookProcessor"/>. A store that cannot be written
/// answers 503, which Shopify retries. A refused delivery stores nothing, is counted by reason and logged without its body.
/// </summary>
internal sealed class WebhookReceiver(
    WebhookWriter writer,
    WebhookShops shops,
    AdPilotMetrics metrics,
    TimeProvider time,
    WebOptions web,
    string secret,
    ILogger<WebhookReceiver> logger,
    WebhookReceiverOptions? options = null)
{
    public const string Path = "/webhooks/shopify";

    private const int ChunkedStartBytes = 16 * 1024;

    private readonly int _maxBytes = web.MaxWebhookBytes;

    private readonly TimeSpan _maxAge = (options ?? new WebhookReceiverOptions()).MaxAge;

    private readonly TimeSpan _maxFutureSkew = (options ?? new WebhookReceiverOptions()).MaxFutureSkew;

    public async Task<IResult> ReceiveAsync(HttpContext context)
    {
        var request = context.Request;
        var cancellationToken = context.RequestAborted;
        var shop = Header(request, "X-Shopify-Shop-Domain", "shopify-shop-domain");
        var body = await ReadBodyAsync(request, _maxBytes, cancellationToken).ConfigureAwait(false);
        if (body is null)
        {
            logger.TooLarge(_maxBytes, shop);
            return Answer("too_large", StatusCodes.Status413PayloadTooLarge, $"the body is over {_maxBytes} bytes");
        }

        var signature = Header(request, ShopifyWebhookSignature.HeaderName, "shopify-hmac-sha256");
        if (secret.Length == 0 || !ShopifyWebhookSignature.IsValid(body, signature, secret))
        {
            logger.BadSignature(shop);
            return Answer("bad_signature", StatusCodes.Status401Unauthorized, "the X-Shopify-Hmac-Sha256 signature is missing or does not match the body");
        }

        var webhookId = Header(request, "X-Shopify-Webhook-Id", "shopify-webhook-id");
        var topic = Header(request, ShopifyWebhookParser.TopicHeaderName, "shopify-topic");
        var problem = webhookId is null ? "X-Shopify-Webhook-Id is missing"
            : topic is null ? "X-Shopify-Topic is missing"
            : shop is null ? "X-Shopify-Shop-Domain is missing"
            : null;
        if (problem is not null)
        {
            logger.BadRequest(problem, shop);
            return Answer("bad_request", StatusCodes.Status400BadRequest, problem);
        }

        var now = time.GetUtcNow();
        var triggeredText = Header(request, "X-Shopify-Triggered-At", "shopify-triggered-at");
        var replay = ParseTriggeredAt(triggeredText) switch
        {
            null => triggeredText is null ? ("no_triggered_at", "X-Shopify-Triggered-At is missing") : ("bad_triggered_at", "X-Shopify-Triggered-At is not an ISO 8601 time"),
            { } at when now - at > _maxAge => ("stale", $"the delivery was triggered more than {_maxAge.TotalHours:0.##} h ago"),
            { } at when at - now > _maxFutureSkew => ("future", $"the delivery was triggered more than {_maxFutureSkew.TotalMinutes:0.##} min in the future"),
            _ => ((string Outcome, string Error)?)null,
        };
        if (replay is { } refused)
        {
            logger.Replay(webhookId!, topic!, shop!, refused.Outcome, triggeredText ?? "(none)", now);
            return Answer(refused.Outcome, StatusCodes.Status400BadRequest, refused.Error);
        }

        var store = await shops.FindAsync(shop!, cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            logger.UnknownShop(shop!);
            return Answer("unknown_shop", StatusCodes.Status404NotFound, $"the shop {(shop!.Length <= 100 ? shop : string.Concat(shop.AsSpan(0, 100), "…"))} is not a store of this AdPilot");
        }

        var ignored = !ShopifyWebhookParser.TryParseTopic(topic, out _);
        var eventId = Header(request, "X-Shopify-Event-Id", "shopify-event-id");
        var webhook = new IncomingWebhook(
            store.Id, webhookId!, topic!, ignored ? null : Encoding.UTF8.GetString(body), now, ignored, eventId is { Length: <= 200 } ? eventId : null);
        bool stored;
        try
        {
            stored = await writer.StoreAsync(webhook, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw; // the sender went away; it delivers again
        }
#pragma warning disable CA1031 // the store failed (logged by the writer) or the receiver is stopping: not acknowledged, so Shopify retries
        catch (Exception)
#pragma warning restore CA1031
        {
            return Results.Json(
                new WebhookAnswer("unavailable", "the webhook could not be stored; deliver it again"), WebhookJsonContext.Default.WebhookAnswer, statusCode: StatusCodes.Status503ServiceUnavailable);
        }

        var outcome = ignored ? "ignored_topic" : stored ? "stored" : "duplicate";
        logger.Received(webhook.WebhookId, webhook.Topic, store.Id, outcome);
        return Answer(outcome, StatusCodes.Status200OK, null);
    }

    /// <summary>Reads the whole body, or returns null as soon as it is known to be over <paramref name="maxBytes"/>.</summary>
    internal static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            if (length > maxBytes)
            {
                return null; // refused before a byte is read
            }

            var exact = new byte[length];
            var read = 0;
            while (read < exact.Length)
            {
                var n = await request.Body.ReadAsync(exact.AsMemory(read), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new BadHttpRequestException("the body ended before its Content-Length");
                }

                read += n;
            }

            return exact;
        }

        // Chunked: no length up front, so count while reading and stop at the first byte over the limit.
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Min(ChunkedStartBytes, maxBytes + 1));
        try
        {
            var total = 0;
            while (true)
            {
                if (total == buffer.Length)
                {
                    var larger = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)buffer.Length * 2, maxBytes + 1L));
                    buffer.AsSpan(0, total).CopyTo(larger);
                    ArrayPool<byte>.Shared.Return(buffer);
                    buffer = larger;
                }

                var n = await request.Body.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false);
                if (n == 0)
                {
                    return buffer.AsSpan(0, total).ToArray();
                }

                total += n;
                if (total > maxBytes)
                {
                    return null;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Reads <c>X-Shopify-Triggered-At</c>: ISO 8601 with an offset or <c>Z</c>, e.g. <c>2023-03-29T18:00:27.877041743Z</c>
    /// (Shopify sends up to nine fractional digits; .NET reads seven, so the rest are dropped).
    /// </summary>
    internal static DateTimeOffset? ParseTriggeredAt(string? text)
    {
        if (string.IsNullOrWhiteSpace(text) || text.Length > 64)
        {
            return null;
        }

        var dot = text.IndexOf('.', StringComparison.Ordinal);
        if (dot > 0)
        {
            var end = dot + 1;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            if (end - dot - 1 > 7)
            {
                text = string.Concat(text.AsSpan(0, dot + 8), text.AsSpan(end));
            }
        }

        // An offset is required: a time without one is ambiguous, so it is refused rather than guessed.
        var zoned = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        return zoned && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var at) ? at : null;
    }

    private static string? Header(HttpRequest request, string name, string eventsName)
    {
        // Header lookups ignore case; Shopify's newer "Events" deliveries name the same headers without "X-".
        var value = request.Headers[name].ToString();
        if (string.IsNullOrWhiteSpace(value))
        {
            value = request.Headers[eventsName].ToString();
        }

        return string.IsNullOrWhiteSpace(value) ? null : value.Trim();
    }

    private IResult Answer(string outcome, int status, string? error)
    {
        metrics.WebhookReceived(outcome);
        return Results.Json(new WebhookAnswer(outcome, error), WebhookJsonContext.Default.WebhookAnswer, statusCode: status);
    }
}

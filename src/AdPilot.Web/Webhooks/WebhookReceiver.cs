using System.Buffers;
using System.Text;
using AdPilot.Connectors.Shopify;
using AdPilot.Runtime.Observability;
using AdPilot.Storage.Webhooks;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;

namespace AdPilot.Web.Webhooks;

/// <summary>
/// One Shopify delivery, in the order api-reference §3.6 asks: size (413), signature over the exact raw bytes before
/// anything is parsed (401), the headers AdPilot needs (400), the shop (404), then the webhook stored with the next group
/// commit (<see cref="WebhookWriter"/>) and only then answered 200, new or duplicate. The order itself is made later by
/// the <see cref="WebhookProcessor"/>. A store that cannot be written answers 503, which Shopify retries.
/// </summary>
internal sealed class WebhookReceiver(
    WebhookWriter writer, WebhookShops shops, AdPilotMetrics metrics, TimeProvider time, WebOptions web, string secret, ILogger<WebhookReceiver> logger)
{
    public const string Path = "/webhooks/shopify";

    private const int ChunkedStartBytes = 16 * 1024;

    private readonly int _maxBytes = web.MaxWebhookBytes;

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

        var store = await shops.FindAsync(shop!, cancellationToken).ConfigureAwait(false);
        if (store is null)
        {
            logger.UnknownShop(shop!);
            return Answer("unknown_shop", StatusCodes.Status404NotFound, $"the shop {(shop!.Length <= 100 ? shop : string.Concat(shop.AsSpan(0, 100), "…"))} is not a store of this AdPilot");
        }

        var ignored = !ShopifyWebhookParser.TryParseTopic(topic, out _);
        var webhook = new IncomingWebhook(store.Id, webhookId!, topic!, ignored ? null : Encoding.UTF8.GetString(body), time.GetUtcNow(), ignored);
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

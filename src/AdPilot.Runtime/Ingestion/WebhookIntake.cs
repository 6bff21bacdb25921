using AdPilot.Connectors.Shopify;
using AdPilot.Core.Platforms;
using AdPilot.Storage.Ingestion;

namespace AdPilot.Runtime.Ingestion;

/// <summary>
/// Takes Shopify's order webhooks as they arrive: checks the signature over the raw body, parses the order (personal data
/// is dropped by the parser and never stored: the payload is not kept), stores it, then records the webhook under its id.
/// Processing before recording makes delivery at-least-once and harmless: a redelivery or duplicate upserts the same
/// order again, and an older version arriving out of order never overwrites a newer one (orders upsert on their source
/// update time). A refund's amounts reach the order with the <c>orders/updated</c> Shopify sends after it, and with the
/// next pull; the refund webhook itself is only recorded.
/// </summary>
/// <param name="store">Where orders and webhook records go.</param>
/// <param name="time">The clock of the received-at stamps.</param>
public sealed class WebhookIntake(IIngestionStore store, TimeProvider time)
{
    /// <summary>Handles one delivery.</summary>
    /// <param name="storeId">The store whose shop sent it.</param>
    /// <param name="delivery">The delivery as received.</param>
    /// <param name="shop">The shop's domain, currency and webhook secret.</param>
    /// <param name="cancellationToken">Cancels the handling; Shopify then delivers again.</param>
    /// <returns>What became of it.</returns>
    /// <exception cref="PlatformResponseException">The body is not a readable order or refund; answer 400 so it is not retried forever.</exception>
    public async Task<WebhookOutcome> ReceiveAsync(long storeId, WebhookDelivery delivery, WebhookShop shop, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(delivery);
        ArgumentNullException.ThrowIfNull(shop);
        if (!ShopifyWebhookSignature.IsValid(delivery.RawBody.Span, delivery.Signature, shop.WebhookSecret))
        {
            return WebhookOutcome.BadSignature;
        }

        if (!ShopifyWebhookParser.TryParseTopic(delivery.Topic, out var topic))
        {
            return WebhookOutcome.IgnoredTopic;
        }

        if (string.IsNullOrWhiteSpace(delivery.WebhookId))
        {
            return WebhookOutcome.MissingWebhookId;
        }

        var parsed = ShopifyWebhookParser.Parse(topic, delivery.RawBody, shop.Domain, shop.Currency);
        if (parsed.Order is { Test: false } order)
        {
            await store.UpsertOrdersAsync(storeId, [ShopifyOrderRecords.ToRecord(order)], cancellationToken).ConfigureAwait(false);
        }

        var isNew = await store.RecordWebhookAsync(
            storeId, new WebhookEvent(delivery.WebhookId, delivery.Topic!, Payload: null, time.GetUtcNow()), cancellationToken).ConfigureAwait(false);
        await store.MarkWebhookProcessedAsync(storeId, delivery.WebhookId, cancellationToken).ConfigureAwait(false);
        return isNew ? WebhookOutcome.Stored : WebhookOutcome.Duplicate;
    }
}

/// <summary>One webhook delivery as it arrived: the raw body and Shopify's headers.</summary>
/// <param name="Topic">The <c>X-Shopify-Topic</c> header.</param>
/// <param name="WebhookId">The <c>X-Shopify-Webhook-Id</c> header: the same on every redelivery.</param>
/// <param name="Signature">The <c>X-Shopify-Hmac-Sha256</c> header.</param>
/// <param name="RawBody">The body, byte for byte as received (the signature is over these bytes).</param>
public sealed record WebhookDelivery(string? Topic, string? WebhookId, string? Signature, ReadOnlyMemory<byte> RawBody);

/// <summary>The shop a webhook comes from.</summary>
/// <param name="Domain">Its <c>*.myshopify.com</c> domain.</param>
/// <param name="Currency">Its currency.</param>
/// <param name="WebhookSecret">The secret webhooks are signed with. A secret: never logged.</param>
public sealed record WebhookShop(string Domain, string Currency, string WebhookSecret)
{
    /// <inheritdoc/>
    public override string ToString() => $"WebhookShop {{ Domain = {Domain}, Currency = {Currency} }}";
}

/// <summary>What became of a webhook delivery; the receiver answers 401 for a bad signature, 400 for a missing id, 200 otherwise.</summary>
public enum WebhookOutcome
{
    /// <summary>New, and its order stored.</summary>
    Stored = 0,

    /// <summary>Seen before (a redelivery or a duplicate); its order upserted again, changing nothing older.</summary>
    Duplicate = 1,

    /// <summary>The signature does not match: nothing stored.</summary>
    BadSignature = 2,

    /// <summary>A topic AdPilot does not handle: nothing stored.</summary>
    IgnoredTopic = 3,

    /// <summary>No webhook id: nothing stored.</summary>
    MissingWebhookId = 4,
}

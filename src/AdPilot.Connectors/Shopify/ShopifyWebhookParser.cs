using AdPilot.Connectors.Json;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Verifies and parses one Shopify webhook delivery of <c>orders/create</c>, <c>orders/updated</c> or
/// <c>refunds/create</c>.
/// </summary>
public static class ShopifyWebhookParser
{
    /// <summary>The topic header's name; look it up case-insensitively.</summary>
    public const string TopicHeaderName = "X-Shopify-Topic";

    /// <summary>Maps a topic header value to a topic AdPilot handles.</summary>
    /// <param name="topic">The <c>X-Shopify-Topic</c> value, e.g. <c>orders/create</c>.</param>
    /// <param name="parsed">The topic, when it is one AdPilot handles.</param>
    /// <returns><see langword="true"/> for <c>orders/create</c>, <c>orders/updated</c> and <c>refunds/create</c>.</returns>
    public static bool TryParseTopic(string? topic, out ShopifyWebhookTopic parsed)
    {
        switch (topic?.Trim().ToLowerInvariant())
        {
            case "orders/create":
                parsed = ShopifyWebhookTopic.OrdersCreate;
                return true;
            case "orders/updated":
                parsed = ShopifyWebhookTopic.OrdersUpdated;
                return true;
            case "refunds/create":
                parsed = ShopifyWebhookTopic.RefundsCreate;
                return true;
            default:
                parsed = default;
                return false;
        }
    }

    /// <summary>Parses a delivery whose signature has already been checked with <see cref="ShopifyWebhookSignature"/>.</summary>
    /// <param name="topic">The delivery's topic.</param>
    /// <param name="rawBody">The raw body.</param>
    /// <param name="shopDomain">The shop (<c>X-Shopify-Shop-Domain</c>), for error messages.</param>
    /// <param name="shopCurrency">The shop's currency; money in any other fails the parse.</param>
    /// <returns>The event.</returns>
    /// <exception cref="PlatformResponseException">The body is not JSON or lacks a field AdPilot needs.</exception>
    public static ShopifyWebhookEvent Parse(
        ShopifyWebhookTopic topic, ReadOnlyMemory<byte> rawBody, string shopDomain, string shopCurrency)
    {
        var context = new PlatformErrorContext(ExternalApi.Shopify, shopDomain, ErrorCode: null, RequestId: null);
        using var document = JsonFields.Parse(rawBody, context);
        var root = document.RootElement;
        return topic switch
        {
            ShopifyWebhookTopic.OrdersCreate or ShopifyWebhookTopic.OrdersUpdated =>
                new ShopifyWebhookEvent(topic, ShopifyRestParser.ParseOrder(root, shopCurrency, context), null),
            ShopifyWebhookTopic.RefundsCreate =>
                new ShopifyWebhookEvent(topic, null, ShopifyRestParser.ParseRefund(root, "refund", shopCurrency, context)),
            _ => throw new ArgumentOutOfRangeException(nameof(topic), topic, "not a topic AdPilot handles"),
        };
    }
}

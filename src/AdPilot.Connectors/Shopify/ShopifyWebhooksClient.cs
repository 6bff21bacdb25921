using System.Text.Json;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Manages the shop's webhook subscriptions through the Admin GraphQL API (<c>webhookSubscriptions</c>,
/// <c>webhookSubscriptionCreate</c>, <c>webhookSubscriptionDelete</c>). Registering is idempotent: a topic already
/// delivered to the address is left as it is, so running it twice creates nothing new.
/// </summary>
public sealed class ShopifyWebhooksClient
{
    /// <summary>The topics AdPilot's receiver takes (guide §5): orders created and updated, refunds created.</summary>
    public static readonly IReadOnlyList<string> Topics = ["ORDERS_CREATE", "ORDERS_UPDATED", "REFUNDS_CREATE"];

    private const string ListQuery =
        "query Webhooks($first: Int!) { webhookSubscriptions(first: $first) { nodes { id topic uri } } }";

    private const string CreateMutation =
        "mutation Create($topic: WebhookSubscriptionTopic!, $uri: String!) { webhookSubscriptionCreate(topic: $topic, webhookSubscription: { uri: $uri, format: JSON }) { webhookSubscription { id topic uri } userErrors { field message } } }";

    private const string DeleteMutation =
        "mutation Delete($id: ID!) { webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { field message } } }";

    private readonly ShopifyAccessClient _graphQl;
    private readonly string _shopDomain;

    /// <summary>Initializes a new instance of the <see cref="ShopifyWebhooksClient"/> class.</summary>
    /// <param name="graphQl">The client whose GraphQL transport this one shares.</param>
    /// <param name="options">The shop's options.</param>
    public ShopifyWebhooksClient(ShopifyAccessClient graphQl, IOptions<ShopifyOptions> options)
    {
        ArgumentNullException.ThrowIfNull(graphQl);
        ArgumentNullException.ThrowIfNull(options);
        _graphQl = graphQl;
        _shopDomain = options.Value.ShopDomain;
    }

    /// <summary>The REST-style name of a GraphQL topic: <c>ORDERS_CREATE</c> → <c>orders/create</c>.</summary>
    /// <param name="topic">The GraphQL topic.</param>
    /// <returns>The REST name.</returns>
    public static string RestName(string topic)
    {
        ArgumentNullException.ThrowIfNull(topic);
        var cut = topic.IndexOf('_', StringComparison.Ordinal);
        return cut < 0 ? topic.ToLowerInvariant() : $"{topic[..cut].ToLowerInvariant()}/{topic[(cut + 1)..].ToLowerInvariant()}";
    }

    /// <summary>Lists the shop's webhook subscriptions (up to 250).</summary>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The subscriptions, oldest first.</returns>
    /// <exception cref="PlatformException">The read failed.</exception>
    public async Task<IReadOnlyList<ShopifyWebhookSubscription>> ListAsync(CancellationToken cancellationToken)
    {
        using var answer = await _graphQl.PostAsync(ListQuery, "listing webhook subscriptions", cancellationToken, w => w.WriteNumber("first", 250))
            .ConfigureAwait(false);
        var context = Context();
        var connection = Required(Required(answer.Document.RootElement, "data", "", context), "webhookSubscriptions", "data", context);
        return RequiredArray(connection, "nodes", "data.webhookSubscriptions", context)
            .Select(x => Parse(x.Item, x.Path, context))
            .ToList();
    }

    /// <summary>Subscribes each of <see cref="Topics"/> to <paramref name="url"/>, except those already delivered there.</summary>
    /// <param name="url">The public address of AdPilot's receiver (<c>…/webhooks/shopify</c>).</param>
    /// <param name="cancellationToken">Cancels the registration; topics registered before stay registered.</param>
    /// <returns>One entry per topic, saying whether it was created now.</returns>
    /// <exception cref="PlatformException">A call failed, or Shopify refused a subscription (the message carries its user error).</exception>
    public async Task<IReadOnlyList<ShopifyWebhookRegistration>> RegisterAsync(Uri url, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(url);
        var address = url.AbsoluteUri;
        var existing = await ListAsync(cancellationToken).ConfigureAwait(false);
        var result = new List<ShopifyWebhookRegistration>();
        foreach (var topic in Topics)
        {
            if (existing.FirstOrDefault(s => s.Topic == topic && string.Equals(s.Uri, address, StringComparison.Ordinal)) is { } present)
            {
                result.Add(new ShopifyWebhookRegistration(topic, present, Created: false));
                continue;
            }

            result.Add(new ShopifyWebhookRegistration(topic, await CreateAsync(topic, address, cancellationToken).ConfigureAwait(false), Created: true));
        }

        return result;
    }

    /// <summary>Removes the subscriptions of <see cref="Topics"/>: those delivered to <paramref name="url"/>, or every one when null.</summary>
    /// <param name="url">The address whose subscriptions go; all of AdPilot's topics when null.</param>
    /// <param name="cancellationToken">Cancels the removal.</param>
    /// <returns>The subscriptions removed.</returns>
    /// <exception cref="PlatformException">A call failed.</exception>
    public async Task<IReadOnlyList<ShopifyWebhookSubscription>> RemoveAsync(Uri? url, CancellationToken cancellationToken)
    {
        var existing = await ListAsync(cancellationToken).ConfigureAwait(false);
        var doomed = existing.Where(s => Topics.Contains(s.Topic, StringComparer.Ordinal)
            && (url is null || string.Equals(s.Uri, url.AbsoluteUri, StringComparison.Ordinal))).ToList();
        foreach (var subscription in doomed)
        {
            using var answer = await _graphQl.PostAsync(
                DeleteMutation, "deleting a webhook subscription", cancellationToken, w => w.WriteString("id", subscription.Id)).ConfigureAwait(false);
            var context = Context();
            var payload = Required(Required(answer.Document.RootElement, "data", "", context), "webhookSubscriptionDelete", "data", context);
            ThrowOnUserErrors(payload, "data.webhookSubscriptionDelete", context, $"deleting {subscription.Id}");
        }

        return doomed;
    }

    private async Task<ShopifyWebhookSubscription> CreateAsync(string topic, string address, CancellationToken cancellationToken)
    {
        using var answer = await _graphQl.PostAsync(CreateMutation, $"subscribing {RestName(topic)}", cancellationToken, w =>
        {
            w.WriteString("topic", topic);
            w.WriteString("uri", address);
        }).ConfigureAwait(false);
        var context = Context();
        const string Path = "data.webhookSubscriptionCreate";
        var payload = Required(Required(answer.Document.RootElement, "data", "", context), "webhookSubscriptionCreate", "data", context);
        ThrowOnUserErrors(payload, Path, context, $"subscribing {RestName(topic)}");
        return Parse(Required(payload, "webhookSubscription", Path, context), Path + ".webhookSubscription", context);
    }

    private static void ThrowOnUserErrors(JsonElement payload, string path, PlatformErrorContext context, string what)
    {
        var errors = OptionalArray(payload, "userErrors", path, context).Select(x => RequiredString(x.Item, "message", x.Path, context)).ToList();
        if (errors.Count > 0)
        {
            throw new PlatformRequestRejectedException(context, $"Shopify refused {what}: {string.Join("; ", errors)}");
        }
    }

    private static ShopifyWebhookSubscription Parse(JsonElement node, string path, PlatformErrorContext context) => new(
        RequiredString(node, "id", path, context), RequiredString(node, "topic", path, context), RequiredString(node, "uri", path, context));

    private PlatformErrorContext Context() => new(ExternalApi.Shopify, _shopDomain);
}

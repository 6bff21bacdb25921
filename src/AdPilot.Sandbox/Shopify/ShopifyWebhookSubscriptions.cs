using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// The shop's webhook subscriptions, as the Admin GraphQL API manages them: <c>webhookSubscriptions(first:, topics:)</c>,
/// <c>webhookSubscriptionCreate(topic:, webhookSubscription: { uri | callbackUrl, format })</c> and
/// <c>webhookSubscriptionDelete(id:)</c>. A second subscription of one topic to one address is refused with Shopify's
/// user error "Address for this topic has already been taken". Keeping subscriptions does not change where the sandbox
/// delivers webhooks (<see cref="SandboxServer.DeliverWebhooksTo"/> does).
/// </summary>
internal sealed class ShopifyWebhookSubscriptions(SandboxWorld world)
{
    /// <summary>The topics the sandbox accepts (api-reference §3.6).</summary>
    public static readonly IReadOnlySet<string> Topics = new HashSet<string>(
        ["ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID", "ORDERS_CANCELLED", "REFUNDS_CREATE", "BULK_OPERATIONS_FINISH", "APP_UNINSTALLED"],
        StringComparer.Ordinal);

    private readonly Lock _gate = new();
    private readonly List<Subscription> _subscriptions = [];
    private long _nextId = 1_047_552_000;

    /// <summary>The <c>webhookSubscriptions</c> connection: every subscription (optionally of some topics), oldest first.</summary>
    public JsonObject List(GraphQlField field, IReadOnlyDictionary<string, JsonElement> variables, IReadOnlyList<string> path)
    {
        var topics = Value(Arg(field, "topics"), variables) is List<object?> list ? list.Select(t => t as string).ToHashSet() : null;
        var first = Value(Arg(field, "first"), variables) is long n ? (int)Math.Clamp(n, 1, 250) : throw new GraphQlFieldException("you must provide one of first or last", field, path);
        List<Subscription> rows;
        lock (_gate)
        {
            rows = _subscriptions.Where(s => topics is null || topics.Contains(s.Topic)).Take(first).ToList();
        }

        var connection = new JsonObject();
        foreach (var f in Children(field, path))
        {
            connection[f.Alias] = f.Name switch
            {
                "nodes" => new JsonArray(rows.Select(r => (JsonNode)Node(f, r, [.. path, f.Alias])).ToArray()),
                "edges" => new JsonArray(rows.Select(r => (JsonNode)Edge(f, r, [.. path, f.Alias])).ToArray()),
                "pageInfo" => new JsonObject { ["hasNextPage"] = false, ["endCursor"] = rows.Count == 0 ? null : rows[^1].Id },
                "__typename" => "WebhookSubscriptionConnection",
                _ => throw Undefined(f, "WebhookSubscriptionConnection", [.. path, f.Alias]),
            };
        }

        return connection;
    }

    /// <summary><c>webhookSubscriptionCreate</c>: the new subscription, or a user error (unknown topic, bad address, already taken).</summary>
    public JsonObject Create(GraphQlField field, IReadOnlyDictionary<string, JsonElement> variables, IReadOnlyList<string> path)
    {
        var topic = Value(Arg(field, "topic"), variables) as string;
        var input = Value(Arg(field, "webhookSubscription"), variables) as Dictionary<string, object?>;
        var uri = input?.GetValueOrDefault("uri") as string ?? input?.GetValueOrDefault("callbackUrl") as string;
        string? error = null;
        string[] errorField = ["webhookSubscription", "uri"];
        Subscription? created = null;
        if (topic is null || !Topics.Contains(topic))
        {
            error = $"Topic '{topic}' is not a WebhookSubscriptionTopic the sandbox serves";
            errorField = ["topic"];
        }
        else if (uri is null || !Uri.TryCreate(uri, UriKind.Absolute, out var parsed) || (parsed.Scheme != Uri.UriSchemeHttps && parsed.Scheme != Uri.UriSchemeHttp))
        {
            error = "Address is invalid";
        }
        else
        {
            lock (_gate)
            {
                if (_subscriptions.Any(s => s.Topic == topic && string.Equals(s.Uri, uri, StringComparison.Ordinal)))
                {
                    error = "Address for this topic has already been taken";
                }
                else
                {
                    created = new Subscription(
                        "gid://shopify/WebhookSubscription/" + (_nextId++).ToString(CultureInfo.InvariantCulture), topic, uri, world.Clock.GetUtcNow());
                    _subscriptions.Add(created);
                }
            }
        }

        return Payload(field, path, f => f.Name switch
        {
            "webhookSubscription" => created is null ? null : Node(f, created, [.. path, f.Alias]),
            _ => null,
        }, error, errorField);
    }

    /// <summary><c>webhookSubscriptionDelete</c>: the deleted id, or a user error when there is no such subscription.</summary>
    public JsonObject Delete(GraphQlField field, IReadOnlyDictionary<string, JsonElement> variables, IReadOnlyList<string> path)
    {
        var id = Value(Arg(field, "id"), variables) as string;
        bool removed;
        lock (_gate)
        {
            removed = _subscriptions.RemoveAll(s => s.Id == id) > 0;
        }

        return Payload(
            field,
            path,
            f => f.Name == "deletedWebhookSubscriptionId" && removed ? JsonValue.Create(id) : null,
            removed ? null : "Webhook subscription does not exist",
            ["id"]);
    }

    private static JsonObject Payload(GraphQlField field, IReadOnlyList<string> path, Func<GraphQlField, JsonNode?> value, string? error, string[] errorField)
    {
        var payload = new JsonObject();
        foreach (var f in Children(field, path))
        {
            payload[f.Alias] = f.Name switch
            {
                "userErrors" => error is null
                    ? new JsonArray()
                    : new JsonArray(new JsonObject
                    {
                        ["field"] = new JsonArray(errorField.Select(e => (JsonNode)e).ToArray()),
                        ["message"] = error,
                    }),
                "webhookSubscription" or "deletedWebhookSubscriptionId" => value(f),
                "__typename" => field.Name == "webhookSubscriptionCreate" ? "WebhookSubscriptionCreatePayload" : "WebhookSubscriptionDeletePayload",
                _ => throw Undefined(f, "payload", [.. path, f.Alias]),
            };
        }

        return payload;
    }

    private static JsonObject Edge(GraphQlField field, Subscription row, IReadOnlyList<string> path)
    {
        var edge = new JsonObject();
        foreach (var f in Children(field, path))
        {
            edge[f.Alias] = f.Name switch
            {
                "node" => Node(f, row, [.. path, f.Alias]),
                "cursor" => row.Id,
                _ => throw Undefined(f, "WebhookSubscriptionEdge", [.. path, f.Alias]),
            };
        }

        return edge;
    }

    private static JsonObject Node(GraphQlField field, Subscription row, IReadOnlyList<string> path)
    {
        var node = new JsonObject();
        foreach (var f in Children(field, path))
        {
            node[f.Alias] = f.Name switch
            {
                "id" => row.Id,
                "topic" => row.Topic,
                "uri" or "callbackUrl" => row.Uri,
                "format" => "JSON",
                "createdAt" => row.CreatedAt.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                "__typename" => "WebhookSubscription",
                _ => throw Undefined(f, "WebhookSubscription", [.. path, f.Alias]),
            };
        }

        return node;
    }

    private static object? Arg(GraphQlField field, string name) => field.Arguments.GetValueOrDefault(name);

    /// <summary>An argument with its variables resolved, enums as their names, objects as dictionaries and lists as lists.</summary>
    private static object? Value(object? raw, IReadOnlyDictionary<string, JsonElement> variables) => raw switch
    {
        GraphQlVariable v => variables.TryGetValue(v.Name, out var json) ? FromJson(json) : null,
        GraphQlEnum e => e.Name,
        Dictionary<string, object?> d => d.ToDictionary(kv => kv.Key, kv => Value(kv.Value, variables), StringComparer.Ordinal),
        List<object?> l => l.Select(x => Value(x, variables)).ToList(),
        _ => raw,
    };

    private static object? FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number when json.TryGetInt64(out var n) => n,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Object => json.EnumerateObject().ToDictionary(p => p.Name, p => FromJson(p.Value), StringComparer.Ordinal),
        JsonValueKind.Array => json.EnumerateArray().Select(FromJson).ToList(),
        _ => null,
    };

    private static IReadOnlyList<GraphQlField> Children(GraphQlField field, IReadOnlyList<string> path) =>
        field.Selection ?? throw new GraphQlFieldException($"Field must have selections (field '{field.Name}' returns an object)", field, path, "selectionMismatch");

    private static GraphQlFieldException Undefined(GraphQlField field, string type, IReadOnlyList<string> path) =>
        new($"Field '{field.Name}' doesn't exist on type '{type}'", field, path, "undefinedField");

    private sealed record Subscription(string Id, string Topic, string Uri, DateTimeOffset CreatedAt);
}

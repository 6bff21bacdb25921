using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;

namespace AdPilot.Sandbox.Shopify;

/// <summary>A field the sandbox cannot resolve: becomes one GraphQL error with the field's location and path.</summary>
internal sealed class GraphQlFieldException(string message, GraphQlField field, IReadOnlyList<string> path, string? code = null) : Exception(message)
{
    public GraphQlField Field { get; } = field;

    public IReadOnlyList<string> Path { get; } = path;

    public string? Code { get; } = code;
}

/// <summary>
/// Resolves the Admin GraphQL root fields the sandbox serves (api-reference §3.2): <c>orders</c> with
/// <c>first/after</c> cursor paging, <c>query</c> search on dates and ids, <c>sortKey</c>/<c>reverse</c>, the last 60 days
/// only (the sandbox's token has no <c>read_all_orders</c>); and <c>shop</c>. Money is a <c>MoneyBag</c> with
/// <c>Decimal</c> amounts as strings; ids are GIDs.
/// </summary>
internal sealed class ShopifyOrdersQuery(SandboxWorld world, IReadOnlyDictionary<string, JsonElement> variables)
{
    public const int MaxPageSize = 250;
    public const int VisibleDays = 60;

    private static readonly string[] MoneyBags =
    [
        "totalPriceSet", "currentTotalPriceSet", "subtotalPriceSet", "currentSubtotalPriceSet", "netPaymentSet",
        "totalRefundedSet", "totalDiscountsSet", "totalShippingPriceSet", "totalTaxSet",
    ];

    /// <summary>The worst-case cost of the selection (connections at their requested size).</summary>
    public int RequestedCost(IReadOnlyList<GraphQlField> selection) => Cost(selection, actualItems: null);

    /// <summary>The cost of what was returned.</summary>
    public int ActualCost(IReadOnlyList<GraphQlField> selection, IReadOnlyDictionary<GraphQlField, int> items) => Cost(selection, items);

    public JsonObject Execute(IReadOnlyList<GraphQlField> selection, Dictionary<GraphQlField, int> items)
    {
        var data = new JsonObject();
        foreach (var field in selection)
        {
            data[field.Alias] = field.Name switch
            {
                "orders" => Orders(field, items),
                "shop" => Shop(field),
                "__typename" => "QueryRoot",
                _ => throw Undefined(field, "QueryRoot", [field.Alias]),
            };
        }

        return data;
    }

    private JsonObject Shop(GraphQlField field)
    {
        var shop = new JsonObject();
        foreach (var f in Children(field, ["shop"]))
        {
            shop[f.Alias] = f.Name switch
            {
                "name" => world.Scenario.Name,
                "myshopifyDomain" => world.Scenario.Store.Domain,
                "currencyCode" => world.Currency,
                "ianaTimezone" => world.TimeZone.Id,
                "__typename" => "Shop",
                _ => throw Undefined(f, "Shop", ["shop", f.Alias]),
            };
        }

        return shop;
    }

    private JsonObject Orders(GraphQlField field, Dictionary<GraphQlField, int> items)
    {
        string[] path = [field.Alias];
        var known = new[] { "first", "after", "last", "before", "query", "reverse", "sortKey", "savedSearchId" };
        if (field.Arguments.Keys.FirstOrDefault(a => !known.Contains(a, StringComparer.Ordinal)) is { } unknownArgument)
        {
            throw new GraphQlFieldException($"Field 'orders' doesn't accept argument '{unknownArgument}'", field, path, "argumentNotAccepted");
        }

        if (Argument(field, "last") is not null || Argument(field, "before") is not null || Argument(field, "savedSearchId") is not null)
        {
            throw new GraphQlFieldException("the sandbox pages orders forward only (first/after); last, before and savedSearchId are not supported", field, path);
        }

        if (Argument(field, "first") is not long first)
        {
            throw new GraphQlFieldException("you must provide one of first or last", field, path);
        }

        if (first is < 1 or > MaxPageSize)
        {
            throw new GraphQlFieldException(
                string.Create(CultureInfo.InvariantCulture, $"The connection field 'orders' requested {first} items; first must be from 1 to {MaxPageSize}"), field, path);
        }

        var now = world.Clock.GetUtcNow();
        var visible = world.Orders().Where(o => o.CreatedAtUtc >= now.AddDays(-VisibleDays));
        if (Argument(field, "query") is string search)
        {
            visible = visible.Where(SearchFilter(search, field, path));
        }

        var sortKey = Argument(field, "sortKey") switch
        {
            null => "PROCESSED_AT",
            GraphQlEnum e => e.Name,
            string s => s,
            _ => throw new GraphQlFieldException("Argument 'sortKey' on Field 'orders' has an invalid value", field, path),
        };
        var sorted = sortKey switch
        {
            "PROCESSED_AT" or "CREATED_AT" or "UPDATED_AT" or "ID" or "ORDER_NUMBER" => visible.OrderBy(o => o.CreatedAtUtc).ThenBy(o => o.Id).ToList(),
            "TOTAL_PRICE" or "CURRENT_TOTAL_PRICE" => visible.OrderBy(o => o.Total.Amount).ThenBy(o => o.Id).ToList(),
            _ => throw new GraphQlFieldException($"the sandbox sorts orders by PROCESSED_AT, CREATED_AT, UPDATED_AT, ID, ORDER_NUMBER, TOTAL_PRICE or CURRENT_TOTAL_PRICE, not {sortKey}", field, path),
        };
        if (Argument(field, "reverse") is true)
        {
            sorted.Reverse();
        }

        var start = 0;
        if (Argument(field, "after") is string after)
        {
            var id = DecodeCursor(after) ?? throw new GraphQlFieldException($"Invalid cursor for current pagination sort: {after}", field, path);
            var at = sorted.FindIndex(o => o.Id == id);
            start = at < 0 ? sorted.Count : at + 1;
        }

        var page = sorted.Skip(start).Take((int)first).ToArray();
        items[field] = page.Length;
        var connection = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            connection[f.Alias] = f.Name switch
            {
                "edges" => new JsonArray(page.Select(o => (JsonNode)Edge(f, o, at)).ToArray()),
                "nodes" => new JsonArray(page.Select(o => (JsonNode)Order(f, o, at)).ToArray()),
                "pageInfo" => PageInfo(f, at, page, hasNext: start + page.Length < sorted.Count, hasPrevious: start > 0),
                "__typename" => "OrderConnection",
                _ => throw Undefined(f, "OrderConnection", at),
            };
        }

        return connection;
    }

    private JsonObject Edge(GraphQlField edges, ShopifyOrder order, string[] path)
    {
        var edge = new JsonObject();
        foreach (var f in Children(edges, path))
        {
            edge[f.Alias] = f.Name switch
            {
                "cursor" => EncodeCursor(order.Id),
                "node" => Order(f, order, [.. path, f.Alias]),
                "__typename" => "OrderEdge",
                _ => throw Undefined(f, "OrderEdge", [.. path, f.Alias]),
            };
        }

        return edge;
    }

    private static JsonObject PageInfo(GraphQlField field, string[] path, ShopifyOrder[] page, bool hasNext, bool hasPrevious)
    {
        var info = new JsonObject();
        foreach (var f in Children(field, path))
        {
            info[f.Alias] = f.Name switch
            {
                "hasNextPage" => hasNext,
                "hasPreviousPage" => hasPrevious,
                "startCursor" => page.Length > 0 ? EncodeCursor(page[0].Id) : null,
                "endCursor" => page.Length > 0 ? EncodeCursor(page[^1].Id) : null,
                "__typename" => "PageInfo",
                _ => throw Undefined(f, "PageInfo", [.. path, f.Alias]),
            };
        }

        return info;
    }

    private JsonObject Order(GraphQlField field, ShopifyOrder order, string[] path)
    {
        var node = new JsonObject();
        foreach (var f in Children(field, path))
        {
            var created = Timestamp(order.CreatedAtUtc);
            node[f.Alias] = f.Name switch
            {
                "id" => order.Gid,
                "legacyResourceId" => order.Id.ToString(CultureInfo.InvariantCulture),
                "name" => order.Name,
                "createdAt" or "processedAt" or "updatedAt" => created,
                "cancelledAt" or "closedAt" or "cancelReason" or "discountCode" or "email" => null,
                "test" => false,
                "sourceName" => "web",
                "currencyCode" or "presentmentCurrencyCode" => world.Currency,
                "displayFinancialStatus" => "PAID",
                "discountCodes" => new JsonArray(),
                "customerJourneySummary" => Journey(f, order, [.. path, f.Alias]),
                "__typename" => "Order",
                _ when MoneyBags.Contains(f.Name, StringComparer.Ordinal) => MoneyBag(
                    f, f.Name is "totalPriceSet" or "currentTotalPriceSet" or "subtotalPriceSet" or "currentSubtotalPriceSet" or "netPaymentSet" ? order.Total.Amount : 0m, [.. path, f.Alias]),
                _ => throw Undefined(f, "Order", [.. path, f.Alias]),
            };
        }

        return node;
    }

    private JsonObject MoneyBag(GraphQlField field, decimal amount, string[] path)
    {
        var bag = new JsonObject();
        foreach (var f in Children(field, path))
        {
            if (f.Name == "__typename")
            {
                bag[f.Alias] = "MoneyBag";
                continue;
            }

            if (f.Name is not ("shopMoney" or "presentmentMoney"))
            {
                throw Undefined(f, "MoneyBag", [.. path, f.Alias]);
            }

            var money = new JsonObject();
            foreach (var m in Children(f, [.. path, f.Alias]))
            {
                money[m.Alias] = m.Name switch
                {
                    "amount" => Decimal(amount),
                    "currencyCode" => world.Currency,
                    "__typename" => "MoneyV2",
                    _ => throw Undefined(m, "MoneyV2", [.. path, f.Alias, m.Alias]),
                };
            }

            bag[f.Alias] = money;
        }

        return bag;
    }

    private static JsonObject Journey(GraphQlField field, ShopifyOrder order, string[] path)
    {
        var journey = new JsonObject();
        foreach (var f in Children(field, path))
        {
            journey[f.Alias] = f.Name switch
            {
                "ready" => true,
                "customerOrderIndex" => 0,
                "momentsCount" => new JsonObject { ["count"] = order.UtmAdSet is null ? 0 : 1, ["precision"] = "EXACT" },
                "firstVisit" or "lastVisit" => order.UtmAdSet is { } adSet ? Visit(f, order, adSet, [.. path, f.Alias]) : null,
                "__typename" => "CustomerJourneySummary",
                _ => throw Undefined(f, "CustomerJourneySummary", [.. path, f.Alias]),
            };
        }

        return journey;
    }

    /// <summary>The ad click behind an order: UTM source = platform, medium = paid_social, campaign = adpilot, content = ad set id.</summary>
    private static JsonObject Visit(GraphQlField field, ShopifyOrder order, AdSetRef adSet, string[] path)
    {
        var source = adSet.Platform == Platform.TikTok ? "tiktok" : "instagram";
        var visit = new JsonObject();
        foreach (var f in Children(field, path))
        {
            visit[f.Alias] = f.Name switch
            {
                "id" => $"gid://shopify/CustomerVisit/{order.Id}",
                "occurredAt" => Timestamp(order.CreatedAtUtc.AddMinutes(-30)),
                "source" => source,
                "sourceType" => "AD",
                "sourceDescription" => $"Paid social ({source})",
                "landingPage" => $"https://example.com/?utm_source={source}&utm_medium=paid_social&utm_campaign=adpilot&utm_content={adSet.ExternalId}",
                "referrerUrl" => adSet.Platform == Platform.TikTok ? "https://www.tiktok.com/" : "https://l.instagram.com/",
                "referralCode" or "marketingEvent" => null,
                "utmParameters" => Utm(f, source, adSet, [.. path, f.Alias]),
                "__typename" => "CustomerVisit",
                _ => throw Undefined(f, "CustomerVisit", [.. path, f.Alias]),
            };
        }

        return visit;
    }

    private static JsonObject Utm(GraphQlField field, string source, AdSetRef adSet, string[] path)
    {
        var utm = new JsonObject();
        foreach (var f in Children(field, path))
        {
            utm[f.Alias] = f.Name switch
            {
                "source" => source,
                "medium" => "paid_social",
                "campaign" => "adpilot",
                "content" => adSet.ExternalId,
                "term" => null,
                "__typename" => "UTMParameters",
                _ => throw Undefined(f, "UTMParameters", [.. path, f.Alias]),
            };
        }

        return utm;
    }

    private Func<ShopifyOrder, bool> SearchFilter(string search, GraphQlField field, string[] path)
    {
        var filters = new List<Func<ShopifyOrder, bool>>();
        foreach (var term in Terms(search))
        {
            if (term is "AND")
            {
                continue;
            }

            var colon = term.IndexOf(':', StringComparison.Ordinal);
            if (term is "OR" or "NOT" || colon <= 0)
            {
                throw new GraphQlFieldException($"the sandbox's order search takes field:value terms joined by spaces or AND, not '{term}'", field, path);
            }

            var name = term[..colon];
            var rest = term[(colon + 1)..];
            var op = rest.StartsWith(">=", StringComparison.Ordinal) ? ">=" : rest.StartsWith("<=", StringComparison.Ordinal) ? "<="
                : rest.StartsWith('>') ? ">" : rest.StartsWith('<') ? "<" : "=";
            var value = rest[(op == "=" ? 0 : op.Length)..].Trim('\'', '"');
            filters.Add(name switch
            {
                "created_at" or "updated_at" or "processed_at" => Compare(o => o.CreatedAtUtc, Instant(value, field, path), op),
                "id" => Compare(o => o.Id, long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
                    : throw new GraphQlFieldException($"Invalid id in search: '{value}'", field, path), op),
                "test" => _ => string.Equals(value, "false", StringComparison.Ordinal),
                "status" => _ => value is "open" or "any" or "not_closed",
                "financial_status" => _ => value is "paid" or "any",
                _ => throw new GraphQlFieldException($"the sandbox's order search supports created_at, updated_at, processed_at, id, test, status and financial_status, not '{name}'", field, path),
            });
        }

        return o => filters.All(f => f(o));
    }

    private static Func<ShopifyOrder, bool> Compare<T>(Func<ShopifyOrder, T> key, T value, string op)
        where T : IComparable<T> => op switch
        {
            ">" => o => key(o).CompareTo(value) > 0,
            ">=" => o => key(o).CompareTo(value) >= 0,
            "<" => o => key(o).CompareTo(value) < 0,
            "<=" => o => key(o).CompareTo(value) <= 0,
            _ => o => key(o).CompareTo(value) == 0,
        };

    private DateTimeOffset Instant(string value, GraphQlField field, string[] path)
    {
        if (DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var instant) && value.Contains('T', StringComparison.Ordinal))
        {
            return instant.ToUniversalTime();
        }

        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            var local = date.ToDateTime(TimeOnly.MinValue, DateTimeKind.Unspecified);
            return new DateTimeOffset(local, world.TimeZone.GetUtcOffset(local)).ToUniversalTime();
        }

        throw new GraphQlFieldException($"Invalid date in search: '{value}'", field, path);
    }

    private static IEnumerable<string> Terms(string search)
    {
        var term = new StringBuilder();
        char? quote = null;
        foreach (var c in search)
        {
            if (quote is null && char.IsWhiteSpace(c))
            {
                if (term.Length > 0)
                {
                    yield return term.ToString();
                    term.Clear();
                }

                continue;
            }

            if (c is '\'' or '"')
            {
                quote = quote == c ? null : quote ?? c;
            }

            term.Append(c);
        }

        if (term.Length > 0)
        {
            yield return term.ToString();
        }
    }

    private object? Argument(GraphQlField field, string name)
    {
        if (!field.Arguments.TryGetValue(name, out var value))
        {
            return null;
        }

        return value is GraphQlVariable v ? FromJson(variables.TryGetValue(v.Name, out var json) ? json : default) : value;
    }

    private static object? FromJson(JsonElement json) => json.ValueKind switch
    {
        JsonValueKind.String => json.GetString(),
        JsonValueKind.Number when json.TryGetInt64(out var n) => n,
        JsonValueKind.Number => json.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        _ => null,
    };

    private static IReadOnlyList<GraphQlField> Children(GraphQlField field, IReadOnlyList<string> path) =>
        field.Selection ?? throw new GraphQlFieldException($"Field must have selections (field '{field.Name}' returns an object)", field, path, "selectionMismatch");

    private static GraphQlFieldException Undefined(GraphQlField field, string type, IReadOnlyList<string> path) =>
        new($"Field '{field.Name}' doesn't exist on type '{type}'", field, path, "undefinedField");

    private static string Timestamp(DateTimeOffset instant) => instant.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Shopify's <c>Decimal</c>: a string with at least one decimal place, e.g. <c>"29.99"</c>, <c>"25.0"</c>.</summary>
    private static string Decimal(decimal amount) => amount.ToString("0.0#", CultureInfo.InvariantCulture);

    private static string EncodeCursor(long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"last_id\":{id}}}")));

    private static long? DecodeCursor(string cursor)
    {
        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(cursor));
            return json.RootElement.GetProperty("last_id").GetInt64();
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }

    private int Cost(IReadOnlyList<GraphQlField> selection, IReadOnlyDictionary<GraphQlField, int>? actualItems)
    {
        var cost = 0;
        foreach (var field in selection)
        {
            if (field.Selection is null)
            {
                continue;
            }

            if (field.Name == "orders")
            {
                var items = actualItems is null
                    ? (Argument(field, "first") is long first ? (int)Math.Clamp(first, 0, MaxPageSize) : 0)
                    : actualItems.GetValueOrDefault(field);
                var perItem = field.Selection.Where(f => f.Name is "edges" or "nodes").Sum(f => Cost(f.Selection ?? [], actualItems) + (f.Name == "nodes" ? 1 : 0));
                var rest = Cost(field.Selection.Where(f => f.Name is not ("edges" or "nodes")).ToArray(), actualItems);
                cost += 2 + (items * perItem) + rest;
            }
            else
            {
                cost += 1 + Cost(field.Selection, actualItems);
            }
        }

        return cost;
    }
}

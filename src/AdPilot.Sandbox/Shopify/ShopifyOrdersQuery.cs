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
/// Resolves the Admin GraphQL root fields the sandbox serves (api-reference §3.2, §3.4): <c>orders</c> with
/// <c>first/after</c> cursor paging, <c>query</c> search on dates, ids, statuses and discount codes,
/// <c>sortKey</c>/<c>reverse</c>, the last 60 days only (the sandbox's token has no <c>read_all_orders</c>); each order's
/// line items (with the inventory item's unit cost), refunds (with their refund line items and transactions), discount
/// codes, cancellation and customer journey; <c>shop</c>; and the bulk operation fields. Money is a <c>MoneyBag</c> with
/// <c>Decimal</c> amounts as strings; ids are GIDs. In bulk mode (a bulk operation's query) connections need no
/// <c>first</c> and return every item (every order up to <c>bulkOrders</c>, which a dry run sets to one).
/// </summary>
internal sealed class ShopifyOrdersQuery(
    SandboxWorld world,
    IReadOnlyDictionary<string, JsonElement> variables,
    ShopifyBulkOperations? bulkOperations = null,
    bool bulk = false,
    int bulkOrders = int.MaxValue,
    AdPilot.Sandbox.Access.SandboxAccess? access = null,
    ShopifyWebhookSubscriptions? webhookSubscriptions = null)
{
    public const int MaxPageSize = 250;
    public const int VisibleDays = 60;

    private static readonly string[] MoneyBags =
    [
        "totalPriceSet", "currentTotalPriceSet", "subtotalPriceSet", "currentSubtotalPriceSet", "netPaymentSet", "originalTotalPriceSet",
        "totalRefundedSet", "totalDiscountsSet", "currentTotalDiscountsSet", "totalShippingPriceSet", "totalTaxSet", "currentTotalTaxSet",
        "totalReceivedSet",
    ];

    /// <summary>The worst-case cost of the selection (connections at their requested size).</summary>
    public int RequestedCost(IReadOnlyList<GraphQlField> selection)
    {
        var cost = 0;
        foreach (var field in selection)
        {
            if (field.Selection is null)
            {
                continue;
            }

            if (IsConnection(field))
            {
                var items = Argument(field, "first") is long first ? (int)Math.Clamp(first, 0, MaxPageSize) : 0;
                var perItem = field.Selection.Where(f => f.Name is "edges" or "nodes").Sum(f => RequestedCost(f.Selection ?? []) + (f.Name == "nodes" ? 1 : 0));
                cost += 2 + (items * perItem) + RequestedCost(field.Selection.Where(f => f.Name is not ("edges" or "nodes")).ToArray());
            }
            else
            {
                cost += 1 + RequestedCost(field.Selection);
            }
        }

        return cost;
    }

    /// <summary>The cost of what was returned: each connection at the items it returned, under each parent it was resolved for.</summary>
    public int ActualCost(IReadOnlyList<GraphQlField> selection, IReadOnlyDictionary<GraphQlField, (int Parents, int Items)> items) =>
        ActualCost(selection, items, 1);

    public JsonObject Execute(IReadOnlyList<GraphQlField> selection, Dictionary<GraphQlField, (int Parents, int Items)> items)
    {
        var data = new JsonObject();
        foreach (var field in selection)
        {
            data[field.Alias] = field.Name switch
            {
                "orders" => Orders(field, items),
                "shop" => Shop(field),
                "currentAppInstallation" when !bulk && access is not null => ShopifyAppInstallation.Resolve(field, access),
                "webhookSubscriptions" when !bulk && webhookSubscriptions is not null => webhookSubscriptions.List(field, variables, [field.Alias]),
                "currentBulkOperation" when !bulk && bulkOperations is not null => bulkOperations.Current(field, [field.Alias]),
                "bulkOperation" when !bulk && bulkOperations is not null => bulkOperations.ById(field, Argument(field, "id") as string, [field.Alias]),
                "__typename" => "QueryRoot",
                _ => throw Undefined(field, "QueryRoot", [field.Alias]),
            };
        }

        return data;
    }

    private int ActualCost(IReadOnlyList<GraphQlField> selection, IReadOnlyDictionary<GraphQlField, (int Parents, int Items)> items, int multiplier)
    {
        var cost = 0;
        foreach (var field in selection)
        {
            if (field.Selection is null)
            {
                continue;
            }

            if (IsConnection(field))
            {
                var (parents, count) = items.GetValueOrDefault(field);
                cost += 2 * parents;
                foreach (var f in field.Selection)
                {
                    cost += f.Name switch
                    {
                        "edges" => ActualCost(f.Selection ?? [], items, count),
                        "nodes" => count + ActualCost(f.Selection ?? [], items, count),
                        _ => f.Selection is null ? 0 : parents + ActualCost(f.Selection, items, parents),
                    };
                }
            }
            else
            {
                cost += multiplier + ActualCost(field.Selection, items, multiplier);
            }
        }

        return cost;
    }

    private static bool IsConnection(GraphQlField field) =>
        field.Selection is { } children && children.Any(f => f.Name is "edges" or "nodes") && field.Name is not ("node" or "edges");

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

    private JsonObject Orders(GraphQlField field, Dictionary<GraphQlField, (int Parents, int Items)> items)
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

        var first = Argument(field, "first") as long?;
        if (first is null && !bulk)
        {
            throw new GraphQlFieldException("you must provide one of first or last", field, path);
        }

        if (first is < 1 or > MaxPageSize)
        {
            throw new GraphQlFieldException(
                string.Create(CultureInfo.InvariantCulture, $"The connection field 'orders' requested {first} items; first must be from 1 to {MaxPageSize}"), field, path);
        }

        var now = world.Clock.GetUtcNow();
        var search = Argument(field, "query") as string;
        var filter = search is null ? null : SearchFilter(search, field, path);
        var sortKey = Argument(field, "sortKey") switch
        {
            null => "PROCESSED_AT",
            GraphQlEnum e => e.Name,
            string s => s,
            _ => throw new GraphQlFieldException("Argument 'sortKey' on Field 'orders' has an invalid value", field, path),
        };
        Func<ShopifyOrder, decimal> key = sortKey switch
        {
            "PROCESSED_AT" => o => o.ProcessedAtUtc.UtcTicks,
            "CREATED_AT" => o => o.CreatedAtUtc.UtcTicks,
            "UPDATED_AT" => o => o.UpdatedAtUtc.UtcTicks,
            "ID" => o => o.Id,
            "ORDER_NUMBER" => o => o.Number,
            "TOTAL_PRICE" => o => o.Total.Amount,
            "CURRENT_TOTAL_PRICE" => o => o.CurrentTotal.Amount,
            _ => throw new GraphQlFieldException($"the sandbox sorts orders by PROCESSED_AT, CREATED_AT, UPDATED_AT, ID, ORDER_NUMBER, TOTAL_PRICE or CURRENT_TOTAL_PRICE, not {sortKey}", field, path),
        };
        var reverse = Argument(field, "reverse") is true;

        // The matching orders in order, built once per simulated hour and query: the pages of one pull share it.
        var sorted = world.Derived(
            string.Create(CultureInfo.InvariantCulture, $"shopify-orders {now.UtcTicks} {sortKey} {reverse} {search}"),
            () =>
            {
                var visible = world.OrdersCreatedSince(now.AddDays(-VisibleDays)).AsEnumerable();
                if (filter is not null)
                {
                    visible = visible.Where(filter);
                }

                return (reverse ? visible.OrderByDescending(key).ThenByDescending(o => o.Id) : visible.OrderBy(key).ThenBy(o => o.Id)).ToArray();
            });

        // The cursor holds the last order's sort value and id, so a page resumes right after it even when orders have
        // changed (and moved in an UPDATED_AT sort) since the previous page was read.
        var start = 0;
        if (Argument(field, "after") is string after)
        {
            var (lastValue, lastId) = DecodeCursor(after) ?? throw new GraphQlFieldException($"Invalid cursor for current pagination sort: {after}", field, path);
            var sign = reverse ? -1 : 1;
            int lo = 0, hi = sorted.Length;
            while (lo < hi)
            {
                var mid = (lo + hi) >>> 1;
                if (sign * Compare(key(sorted[mid]), sorted[mid].Id, lastValue, lastId) > 0)
                {
                    hi = mid;
                }
                else
                {
                    lo = mid + 1;
                }
            }

            start = lo;
        }

        var page = sorted.Skip(start).Take((int)(first ?? bulkOrders)).ToArray();
        items[field] = (1, page.Length);
        var connection = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            connection[f.Alias] = f.Name switch
            {
                "edges" => new JsonArray(page.Select(o => (JsonNode)Edge(f, o, EncodeCursor(key(o), o.Id), (n, o2, p) => Order(n, o2, p, items), "OrderEdge", at)).ToArray()),
                "nodes" => new JsonArray(page.Select(o => (JsonNode)Order(f, o, at, items)).ToArray()),
                "pageInfo" => PageInfo(
                    f, at, page.Length > 0 ? EncodeCursor(key(page[0]), page[0].Id) : null, page.Length > 0 ? EncodeCursor(key(page[^1]), page[^1].Id) : null,
                    hasNext: start + page.Length < sorted.Length, hasPrevious: start > 0),
                "__typename" => "OrderConnection",
                _ => throw Undefined(f, "OrderConnection", at),
            };
        }

        return connection;
    }

    private static int Compare(decimal value, long id, decimal lastValue, long lastId)
    {
        var byValue = value.CompareTo(lastValue);
        return byValue != 0 ? byValue : id.CompareTo(lastId);
    }

    private static JsonObject Edge<T>(GraphQlField edges, T item, string cursor, Func<GraphQlField, T, string[], JsonObject> node, string typeName, string[] path)
    {
        var edge = new JsonObject();
        foreach (var f in Children(edges, path))
        {
            edge[f.Alias] = f.Name switch
            {
                "cursor" => cursor,
                "node" => node(f, item, [.. path, f.Alias]),
                "__typename" => typeName,
                _ => throw Undefined(f, typeName, [.. path, f.Alias]),
            };
        }

        return edge;
    }

    private static JsonObject PageInfo(GraphQlField field, string[] path, string? startCursor, string? endCursor, bool hasNext, bool hasPrevious)
    {
        var info = new JsonObject();
        foreach (var f in Children(field, path))
        {
            info[f.Alias] = f.Name switch
            {
                "hasNextPage" => hasNext,
                "hasPreviousPage" => hasPrevious,
                "startCursor" => startCursor,
                "endCursor" => endCursor,
                "__typename" => "PageInfo",
                _ => throw Undefined(f, "PageInfo", [.. path, f.Alias]),
            };
        }

        return info;
    }

    /// <summary>
    /// A connection nested in an order (line items, a refund's lines and transactions): <c>first</c> items (all in
    /// bulk mode) after an index cursor, as edges or nodes.
    /// </summary>
    private JsonObject NestedConnection<T>(
        GraphQlField field, IReadOnlyList<T> all, Func<GraphQlField, T, string[], JsonObject> node, string typeName, string[] path,
        Dictionary<GraphQlField, (int Parents, int Items)> items)
    {
        var first = Argument(field, "first") as long?;
        if (first is null && !bulk)
        {
            throw new GraphQlFieldException("you must provide one of first or last", field, path);
        }

        if (first is < 1 or > MaxPageSize)
        {
            throw new GraphQlFieldException(
                string.Create(CultureInfo.InvariantCulture, $"The connection field '{field.Name}' requested {first} items; first must be from 1 to {MaxPageSize}"), field, path);
        }

        var start = 0;
        if (Argument(field, "after") is string after)
        {
            start = DecodeCursor(after) is { } c ? (int)c.LastId + 1 : throw new GraphQlFieldException($"Invalid cursor: {after}", field, path);
        }

        var page = all.Skip(start).Take((int)(first ?? int.MaxValue)).Select((item, i) => (Item: item, Index: start + i)).ToArray();
        var (parents, count) = items.GetValueOrDefault(field);
        items[field] = (parents + 1, count + page.Length);
        var connection = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            connection[f.Alias] = f.Name switch
            {
                "edges" => new JsonArray(page.Select(x => (JsonNode)Edge(f, x.Item, EncodeCursor(0, x.Index), node, typeName + "Edge", at)).ToArray()),
                "nodes" => new JsonArray(page.Select(x => (JsonNode)node(f, x.Item, at)).ToArray()),
                "pageInfo" => PageInfo(
                    f, at, page.Length > 0 ? EncodeCursor(0, page[0].Index) : null, page.Length > 0 ? EncodeCursor(0, page[^1].Index) : null,
                    hasNext: start + page.Length < all.Count, hasPrevious: start > 0),
                "__typename" => typeName + "Connection",
                _ => throw Undefined(f, typeName + "Connection", at),
            };
        }

        return connection;
    }

    private JsonObject Order(GraphQlField field, ShopifyOrder order, string[] path, Dictionary<GraphQlField, (int Parents, int Items)> items)
    {
        var node = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            node[f.Alias] = f.Name switch
            {
                "id" => order.Gid,
                "legacyResourceId" => order.Id.ToString(CultureInfo.InvariantCulture),
                "name" => order.Name,
                "createdAt" => Timestamp(order.CreatedAtUtc),
                "processedAt" => Timestamp(order.ProcessedAtUtc),
                "updatedAt" => Timestamp(order.UpdatedAtUtc),
                "cancelledAt" => order.CancelledAtUtc is { } cancelled ? Timestamp(cancelled) : null,
                "cancelReason" => order.CancelReason?.ToUpperInvariant(),
                "closedAt" => null,
                "closed" => false,
                "confirmed" => true,
                "email" => order.Customer?.Email,
                "test" => false,
                "sourceName" => "web",
                "currencyCode" or "presentmentCurrencyCode" => world.Currency,
                "displayFinancialStatus" => order.FinancialStatus.ToUpperInvariant(),
                "discountCode" => order.Discount?.Code,
                "discountCodes" => order.Discount is { } d ? new JsonArray(d.Code) : new JsonArray(),
                "customerJourneySummary" => Journey(f, order, at),
                "lineItems" => NestedConnection(f, order.LineItems, (n, l, p) => LineItem(n, order, l, p), "LineItem", at, items),
                "refunds" => new JsonArray(order.Refunds.Take(Argument(f, "first") is long n ? (int)n : int.MaxValue)
                    .Select(r => (JsonNode)Refund(f, order, r, at, items)).ToArray()),
                "__typename" => "Order",
                _ when MoneyBags.Contains(f.Name, StringComparer.Ordinal) => MoneyBag(f, OrderAmount(order, f.Name), at),
                _ => throw Undefined(f, "Order", at),
            };
        }

        return node;
    }

    private static decimal OrderAmount(ShopifyOrder order, string bag) => bag switch
    {
        "totalPriceSet" or "subtotalPriceSet" or "originalTotalPriceSet" or "totalReceivedSet" => order.Total.Amount,
        "currentTotalPriceSet" or "currentSubtotalPriceSet" or "netPaymentSet" => order.CurrentTotal.Amount,
        "totalRefundedSet" => order.TotalRefunded.Amount,
        "totalDiscountsSet" or "currentTotalDiscountsSet" => order.TotalDiscounts.Amount,
        _ => 0m,
    };

    private JsonObject LineItem(GraphQlField field, ShopifyOrder order, ShopifyLineItem line, string[] path)
    {
        var node = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            node[f.Alias] = f.Name switch
            {
                "id" => $"gid://shopify/LineItem/{line.Id}",
                "title" => line.Title,
                "name" => line.Title,
                "sku" => line.Sku,
                "vendor" => world.Scenario.Name,
                "variantTitle" => null,
                "quantity" => line.Quantity,
                "currentQuantity" or "refundableQuantity" => order.CancelledAtUtc is null ? order.CurrentQuantity(line.Id) : 0,
                "requiresShipping" or "taxable" => true,
                "originalUnitPriceSet" => MoneyBag(f, line.UnitPrice.Amount, at),
                "discountedUnitPriceSet" => MoneyBag(f, Math.Round(line.DiscountedTotal.Amount / line.Quantity, 2, MidpointRounding.ToEven), at),
                "originalTotalSet" => MoneyBag(f, line.LineTotal.Amount, at),
                "discountedTotalSet" => MoneyBag(f, line.DiscountedTotal.Amount, at),
                "totalDiscountSet" => MoneyBag(f, line.DiscountAllocation.Amount, at),
                "product" => Simple(f, at, "Product", ("id", $"gid://shopify/Product/{line.ProductId}"), ("title", line.Title)),
                "variant" => Variant(f, line, at),
                "__typename" => "LineItem",
                _ => throw Undefined(f, "LineItem", at),
            };
        }

        return node;
    }

    private JsonObject Variant(GraphQlField field, ShopifyLineItem line, string[] path)
    {
        var variant = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            variant[f.Alias] = f.Name switch
            {
                "id" => $"gid://shopify/ProductVariant/{line.VariantId}",
                "sku" => line.Sku,
                "title" => "Default Title",
                "inventoryItem" => InventoryItem(f, line, at),
                "__typename" => "ProductVariant",
                _ => throw Undefined(f, "ProductVariant", at),
            };
        }

        return variant;
    }

    private JsonObject InventoryItem(GraphQlField field, ShopifyLineItem line, string[] path)
    {
        var item = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            item[f.Alias] = f.Name switch
            {
                "id" => $"gid://shopify/InventoryItem/{line.VariantId}",
                "sku" => line.Sku,
                "tracked" => true,
                "unitCost" => line.UnitCost is { } cost ? MoneyV2(f, cost.Amount, at) : null,
                "__typename" => "InventoryItem",
                _ => throw Undefined(f, "InventoryItem", at),
            };
        }

        return item;
    }

    private JsonObject Refund(GraphQlField field, ShopifyOrder order, ShopifyRefund refund, string[] path, Dictionary<GraphQlField, (int Parents, int Items)> items)
    {
        var node = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            node[f.Alias] = f.Name switch
            {
                "id" => $"gid://shopify/Refund/{refund.Id}",
                "legacyResourceId" => refund.Id.ToString(CultureInfo.InvariantCulture),
                "createdAt" or "processedAt" or "updatedAt" => Timestamp(refund.CreatedAtUtc),
                "note" => refund.Note,
                "totalRefundedSet" => MoneyBag(f, refund.Amount.Amount, at),
                "refundLineItems" => NestedConnection(f, refund.Lines, (n, l, p) => RefundLine(n, order, l, p), "RefundLineItem", at, items),
                "transactions" => NestedConnection(f, [refund], Transaction, "OrderTransaction", at, items),
                "__typename" => "Refund",
                _ => throw Undefined(f, "Refund", at),
            };
        }

        return node;
    }

    private JsonObject RefundLine(GraphQlField field, ShopifyOrder order, ShopifyRefundLine line, string[] path)
    {
        var node = new JsonObject();
        var item = order.LineItems.First(l => l.Id == line.LineItemId);
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            node[f.Alias] = f.Name switch
            {
                "id" => $"gid://shopify/RefundLineItem/{line.Id}",
                "quantity" => line.Quantity,
                "restockType" => "RETURN",
                "restocked" => true,
                "lineItem" => LineItem(f, order, item, at),
                "priceSet" => MoneyBag(f, item.UnitPrice.Amount, at),
                "subtotalSet" => MoneyBag(f, line.Subtotal.Amount, at),
                "totalTaxSet" => MoneyBag(f, 0m, at),
                "__typename" => "RefundLineItem",
                _ => throw Undefined(f, "RefundLineItem", at),
            };
        }

        return node;
    }

    private JsonObject Transaction(GraphQlField field, ShopifyRefund refund, string[] path)
    {
        var node = new JsonObject();
        foreach (var f in Children(field, path))
        {
            string[] at = [.. path, f.Alias];
            node[f.Alias] = f.Name switch
            {
                "id" => $"gid://shopify/OrderTransaction/{refund.TransactionId}",
                "kind" => "REFUND",
                "status" => "SUCCESS",
                "gateway" => "bogus",
                "test" => false,
                "createdAt" or "processedAt" => Timestamp(refund.CreatedAtUtc),
                "amountSet" => MoneyBag(f, refund.Amount.Amount, at),
                "__typename" => "OrderTransaction",
                _ => throw Undefined(f, "OrderTransaction", at),
            };
        }

        return node;
    }

    private static JsonObject Simple(GraphQlField field, string[] path, string typeName, params (string Name, string Value)[] values)
    {
        var node = new JsonObject();
        foreach (var f in Children(field, path))
        {
            node[f.Alias] = f.Name == "__typename" ? typeName
                : values.FirstOrDefault(v => v.Name == f.Name).Value ?? throw Undefined(f, typeName, [.. path, f.Alias]);
        }

        return node;
    }

    private JsonObject MoneyV2(GraphQlField field, decimal amount, string[] path)
    {
        var money = new JsonObject();
        foreach (var m in Children(field, path))
        {
            money[m.Alias] = m.Name switch
            {
                "amount" => Decimal(amount),
                "currencyCode" => world.Currency,
                "__typename" => "MoneyV2",
                _ => throw Undefined(m, "MoneyV2", [.. path, m.Alias]),
            };
        }

        return money;
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

            bag[f.Alias] = MoneyV2(f, amount, [.. path, f.Alias]);
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
                "created_at" => Compare(o => o.CreatedAtUtc, Instant(value, field, path), op),
                "updated_at" => Compare(o => o.UpdatedAtUtc, Instant(value, field, path), op),
                "processed_at" => Compare(o => o.ProcessedAtUtc, Instant(value, field, path), op),
                "id" => Compare(o => o.Id, long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id
                    : throw new GraphQlFieldException($"Invalid id in search: '{value}'", field, path), op),
                "test" => _ => string.Equals(value, "false", StringComparison.Ordinal),
                "status" => o => value switch
                {
                    "any" => true,
                    "cancelled" => o.CancelledAtUtc is not null,
                    "open" or "not_closed" => o.CancelledAtUtc is null,
                    _ => false,
                },
                "financial_status" => o => value is "any" || string.Equals(value, o.FinancialStatus, StringComparison.Ordinal),
                "discount_code" => o => string.Equals(o.Discount?.Code, value, StringComparison.OrdinalIgnoreCase),
                _ => throw new GraphQlFieldException($"the sandbox's order search supports created_at, updated_at, processed_at, id, test, status, financial_status and discount_code, not '{name}'", field, path),
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

    /// <summary>A string argument of a field, its variable resolved.</summary>
    public string? StringArgument(GraphQlField field, string name) => Argument(field, name) as string;

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

    private static string EncodeCursor(decimal value, long id) =>
        Convert.ToBase64String(Encoding.UTF8.GetBytes(string.Create(CultureInfo.InvariantCulture, $"{{\"last_id\":{id},\"last_value\":\"{value}\"}}")));

    private static (decimal LastValue, long LastId)? DecodeCursor(string cursor)
    {
        try
        {
            using var json = JsonDocument.Parse(Convert.FromBase64String(cursor));
            var value = decimal.Parse(json.RootElement.GetProperty("last_value").GetString() ?? "", NumberStyles.Number, CultureInfo.InvariantCulture);
            return (value, json.RootElement.GetProperty("last_id").GetInt64());
        }
        catch (Exception ex) when (ex is FormatException or JsonException or KeyNotFoundException or InvalidOperationException)
        {
            return null;
        }
    }
}

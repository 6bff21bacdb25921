using System.Globalization;
using System.Text.Json;
using AdPilot.Connectors.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Reads the orders connection that <see cref="ShopifyOrdersClient.Query"/> asks for. It asks for no personal data,
/// and reads only the fields listed here.
/// </summary>
internal static class ShopifyGraphQlParser
{
    public static (IReadOnlyList<ShopifyOrder> Orders, string? EndCursor) ParseOrders(
        JsonElement data, string shopCurrency, PlatformErrorContext context)
    {
        var orders = Required(data, "orders", "data", context);
        var pageInfo = Required(orders, "pageInfo", "data.orders", context);
        var hasNext = RequiredBoolean(pageInfo, "hasNextPage", "data.orders.pageInfo", context);
        var endCursor = hasNext ? RequiredString(pageInfo, "endCursor", "data.orders.pageInfo", context) : null;
        var list = RequiredArray(orders, "nodes", "data.orders", context)
            .Select(x => ParseOrder(x.Item, x.Path, shopCurrency, context))
            .ToList();
        return (list, endCursor);
    }

    /// <summary>
    /// Reads a bulk operation's JSONL result (api-reference §3.4) as it streams in: one order per line without
    /// <c>__parentId</c>, and its line items on lines of their own whose <c>__parentId</c> is the order's GID. The query
    /// asks for grouped objects, so an order's line items come next to it (before or after): an order is complete when
    /// the next order has begun and its own items have been read, and only that order's lines are held at a time.
    /// </summary>
    /// <param name="jsonl">The file's stream.</param>
    /// <param name="shopCurrency">The shop's currency; money in any other fails the read.</param>
    /// <param name="context">The account, for errors.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    /// <returns>The orders, in the file's order.</returns>
    /// <exception cref="PlatformResponseException">A line is not JSON, an order is malformed, or a line item is not next to its order.</exception>
    public static async IAsyncEnumerable<ShopifyOrder> ParseBulkOrdersAsync(
        Stream jsonl, string shopCurrency, PlatformErrorContext context, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        using var reader = new StreamReader(jsonl, System.Text.Encoding.UTF8);
        var group = new BulkGroup();
        var done = new HashSet<string>(StringComparer.Ordinal);
        try
        {
            for (var line = 1; await reader.ReadLineAsync(cancellationToken).ConfigureAwait(false) is { } text; line++)
            {
                if (string.IsNullOrWhiteSpace(text))
                {
                    continue;
                }

                var document = Parse(System.Text.Encoding.UTF8.GetBytes(text), context);
                var path = string.Create(CultureInfo.InvariantCulture, $"jsonl[{line}]");
                var item = RequireObject(document.RootElement, path, context);
                if (OptionalString(item, "__parentId", path, context) is { } parent)
                {
                    if (done.Contains(parent))
                    {
                        document.Dispose();
                        throw Invalid(context, path, $"is a line item of {parent}, which other orders' lines came between (the result is not grouped)");
                    }

                    if (group.Order is { } open && !string.Equals(parent, group.OrderId, StringComparison.Ordinal))
                    {
                        // The open order's items are all read: an item of the next order (before the order's own line).
                        yield return group.Complete(shopCurrency, context, done);
                    }

                    group.Add(document, item, path, parent);
                }
                else
                {
                    var id = RequiredString(item, "id", path, context);
                    if (group.Order is not null || (group.ItemsParent is { } waiting && !string.Equals(waiting, id, StringComparison.Ordinal)))
                    {
                        if (group.Order is null)
                        {
                            document.Dispose();
                            throw Invalid(context, path, $"follows line items of {group.ItemsParent}, whose order never came (the result is not grouped)");
                        }

                        yield return group.Complete(shopCurrency, context, done);
                    }

                    group.Open(document, item, path, id);
                }
            }

            if (group.Order is not null)
            {
                yield return group.Complete(shopCurrency, context, done);
            }
            else if (group.ItemsParent is { } orphan)
            {
                throw Invalid(context, "jsonl", $"ends with line items of {orphan}, whose order never came");
            }
        }
        finally
        {
            group.Dispose();
        }
    }

    /// <summary>The lines of the order being read: its own and its line items', with the documents that hold them.</summary>
    private sealed class BulkGroup : IDisposable
    {
        private readonly List<JsonDocument> _documents = [];
        private readonly List<(JsonElement Item, string Path)> _items = [];
        private (JsonElement Item, string Path)? _order;

        public (JsonElement Item, string Path)? Order => _order;

        public string? OrderId { get; private set; }

        /// <summary>Gets the order the items read so far belong to, while its own line has not come.</summary>
        public string? ItemsParent { get; private set; }

        public void Add(JsonDocument document, JsonElement item, string path, string parent)
        {
            _documents.Add(document);
            _items.Add((item, path));
            ItemsParent ??= parent;
        }

        public void Open(JsonDocument document, JsonElement item, string path, string id)
        {
            _documents.Add(document);
            _order = (item, path);
            OrderId = id;
        }

        public ShopifyOrder Complete(string shopCurrency, PlatformErrorContext context, HashSet<string> done)
        {
            var (item, path) = _order!.Value;
            var order = ParseOrder(item, path, shopCurrency, context, [.. _items]);
            done.Add(OrderId!);
            Dispose();
            return order;
        }

        public void Dispose()
        {
            foreach (var document in _documents)
            {
                document.Dispose();
            }

            _documents.Clear();
            _items.Clear();
            _order = null;
            OrderId = null;
            ItemsParent = null;
        }
    }

    private static ShopifyOrder ParseOrder(
        JsonElement order, string path, string shopCurrency, PlatformErrorContext context, IReadOnlyList<(JsonElement Item, string Path)>? bulkLineItems = null)
    {
        RequireObject(order, path, context);
        var id = ShopifyGid.ToNumericId(RequiredString(order, "id", path, context), "Order", Join(path, "id"), context);
        var lineItems = (bulkLineItems ?? RequiredArray(Required(order, "lineItems", path, context), "nodes", Join(path, "lineItems"), context))
            .Where(x => bulkLineItems is null || ShopifyGid.TryGetType(RequiredString(x.Item, "id", x.Path, context)) == "LineItem")
            .Select(x => ParseLineItem(x.Item, x.Path, shopCurrency, context))
            .ToList();
        var refunds = RequiredArray(order, "refunds", path, context)
            .Select(x => new ShopifyRefund(
                ShopifyGid.ToNumericId(RequiredString(x.Item, "id", x.Path, context), "Refund", Join(x.Path, "id"), context),
                id,
                RequiredTimestamp(x.Item, "createdAt", x.Path, context),
                OptionalTimestamp(x.Item, "processedAt", x.Path, context),
                ShopMoney(x.Item, "totalRefundedSet", x.Path, shopCurrency, context)))
            .ToList();
        var discountCodes = RequiredArray(order, "discountCodes", path, context)
            .Select(x => AsString(x.Item, x.Path, context))
            .ToList();

        return new ShopifyOrder(
            id,
            RequiredString(order, "name", path, context),
            RequiredTimestamp(order, "createdAt", path, context),
            RequiredTimestamp(order, "processedAt", path, context),
            RequiredTimestamp(order, "updatedAt", path, context),
            OptionalTimestamp(order, "cancelledAt", path, context),
            RequiredBoolean(order, "test", path, context),
            OptionalString(order, "sourceName", path, context),
            ShopMoney(order, "currentTotalPriceSet", path, shopCurrency, context),
            ShopMoney(order, "totalDiscountsSet", path, shopCurrency, context),
            discountCodes,
            lineItems,
            refunds,
            ParseLanding(order, path, context));
    }

    private static ShopifyLineItem ParseLineItem(JsonElement item, string path, string shopCurrency, PlatformErrorContext context)
    {
        var quantity = RequiredInt64(item, "quantity", path, context);
        if (quantity is < 0 or > int.MaxValue)
        {
            throw Invalid(context, Join(path, "quantity"), "is out of range");
        }

        long? productId = Optional(item, "product") is { } product
            ? ShopifyGid.ToNumericId(RequiredString(product, "id", Join(path, "product"), context), "Product", Join(path, "product.id"), context)
            : null;
        long? variantId = null;
        Money? unitCost = null;
        if (Optional(item, "variant") is { } variant)
        {
            var variantPath = Join(path, "variant");
            variantId = ShopifyGid.ToNumericId(
                RequiredString(variant, "id", variantPath, context), "ProductVariant", Join(variantPath, "id"), context);
            if (Optional(variant, "inventoryItem") is { } inventoryItem && Optional(inventoryItem, "unitCost") is { } cost)
            {
                var costPath = Join(variantPath, "inventoryItem.unitCost");
                unitCost = ToMoney(
                    RequiredDecimal(cost, "amount", costPath, context),
                    RequiredString(cost, "currencyCode", costPath, context),
                    shopCurrency,
                    Join(costPath, "currencyCode"),
                    context);
            }
        }

        return new ShopifyLineItem(
            ShopifyGid.ToNumericId(RequiredString(item, "id", path, context), "LineItem", Join(path, "id"), context),
            productId,
            variantId,
            OptionalString(item, "sku", path, context) is { Length: > 0 } sku ? sku : null,
            (int)quantity,
            ShopMoney(item, "originalUnitPriceSet", path, shopCurrency, context),
            unitCost);
    }

    private static LandingInfo ParseLanding(JsonElement order, string path, PlatformErrorContext context)
    {
        var visitPath = Join(path, "customerJourneySummary.lastVisit");
        if (Optional(order, "customerJourneySummary") is not { } journey || Optional(journey, "lastVisit") is not { } visit)
        {
            return LandingInfo.None;
        }

        var fromUrls = LandingUrls.FromUrls(
            OptionalString(visit, "landingPage", visitPath, context), OptionalString(visit, "referrerUrl", visitPath, context));
        if (Optional(visit, "utmParameters") is not { } utm)
        {
            return fromUrls;
        }

        var utmPath = Join(visitPath, "utmParameters");
        return fromUrls with
        {
            Utm = new UtmParameters(
                OptionalString(utm, "source", utmPath, context),
                OptionalString(utm, "medium", utmPath, context),
                OptionalString(utm, "campaign", utmPath, context),
                OptionalString(utm, "content", utmPath, context),
                OptionalString(utm, "term", utmPath, context)),
        };
    }

    private static Money ShopMoney(JsonElement parent, string name, string path, string shopCurrency, PlatformErrorContext context)
    {
        var moneyPath = Join(path, $"{name}.shopMoney");
        var money = Required(Required(parent, name, path, context), "shopMoney", Join(path, name), context);
        return ToMoney(
            RequiredDecimal(money, "amount", moneyPath, context),
            RequiredString(money, "currencyCode", moneyPath, context),
            shopCurrency,
            Join(moneyPath, "currencyCode"),
            context);
    }
}

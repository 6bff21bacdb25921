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
    /// Reads a bulk operation's JSONL result (api-reference §3.4): one order per line without <c>__parentId</c>, and its
    /// line items on lines of their own whose <c>__parentId</c> is the order's GID. Lines may come in any order.
    /// </summary>
    public static IReadOnlyList<ShopifyOrder> ParseBulkOrders(ReadOnlyMemory<byte> jsonl, string shopCurrency, PlatformErrorContext context)
    {
        var documents = new List<JsonDocument>();
        try
        {
            var orders = new List<(JsonElement Item, string Path)>();
            var children = new Dictionary<string, List<(JsonElement Item, string Path)>>(StringComparer.Ordinal);
            var rest = jsonl;
            for (var line = 1; !rest.IsEmpty; line++)
            {
                var end = rest.Span.IndexOf((byte)'\n');
                var text = end < 0 ? rest : rest[..end];
                rest = end < 0 ? ReadOnlyMemory<byte>.Empty : rest[(end + 1)..];
                if (text.Span.Trim((byte)'\r').IsEmpty)
                {
                    continue;
                }

                var document = JsonFields.Parse(text, context);
                documents.Add(document);
                var path = string.Create(CultureInfo.InvariantCulture, $"jsonl[{line}]");
                var item = RequireObject(document.RootElement, path, context);
                if (OptionalString(item, "__parentId", path, context) is { } parent)
                {
                    if (!children.TryGetValue(parent, out var list))
                    {
                        children[parent] = list = [];
                    }

                    list.Add((item, path));
                }
                else
                {
                    orders.Add((item, path));
                }
            }

            return orders
                .Select(o => ParseOrder(
                    o.Item,
                    o.Path,
                    shopCurrency,
                    context,
                    children.TryGetValue(RequiredString(o.Item, "id", o.Path, context), out var lines) ? lines : []))
                .OrderBy(o => o.UpdatedAt)
                .ThenBy(o => o.Id)
                .ToList();
        }
        finally
        {
            foreach (var document in documents)
            {
                document.Dispose();
            }
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

using System.Text.Json;
using AdPilot.Connectors.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Shopify;

/// <summary>
/// Reads Shopify's REST resources (the bodies of <c>orders/create</c>, <c>orders/updated</c> and
/// <c>refunds/create</c>) into PII-free records. Only the fields listed here are read; everything else in the body
/// (customer, addresses, emails, phones, browser IP, notes) is never copied out of the parsed document.
/// </summary>
internal static class ShopifyRestParser
{
    public static ShopifyOrder ParseOrder(JsonElement order, string shopCurrency, PlatformErrorContext context)
    {
        const string path = "order";
        RequireObject(order, path, context);
        var createdAt = RequiredTimestamp(order, "created_at", path, context);
        var lineItems = OptionalArray(order, "line_items", path, context)
            .Select(x => ParseLineItem(x.Item, x.Path, shopCurrency, context))
            .ToList();
        var orderId = RequiredInt64(order, "id", path, context);
        var refunds = OptionalArray(order, "refunds", path, context)
            .Select(x => ParseRefund(x.Item, x.Path, shopCurrency, context))
            .ToList();
        var discountCodes = OptionalArray(order, "discount_codes", path, context)
            .Select(x => RequiredString(x.Item, "code", x.Path, context))
            .ToList();

        return new ShopifyOrder(
            orderId,
            RequiredString(order, "name", path, context),
            createdAt,
            OptionalTimestamp(order, "processed_at", path, context) ?? createdAt,
            RequiredTimestamp(order, "updated_at", path, context),
            OptionalTimestamp(order, "cancelled_at", path, context),
            Optional(order, "test") is not null && RequiredBoolean(order, "test", path, context),
            OptionalString(order, "source_name", path, context),
            CurrentTotal(order, path, shopCurrency, context),
            ShopMoney(order, "total_discounts", path, shopCurrency, context) ?? new Money(0m, shopCurrency),
            discountCodes,
            lineItems,
            refunds,
            LandingUrls.FromUrls(
                OptionalString(order, "landing_site", path, context),
                OptionalString(order, "referring_site", path, context)));
    }

    public static ShopifyRefund ParseRefund(JsonElement refund, string path, string shopCurrency, PlatformErrorContext context)
    {
        RequireObject(refund, path, context);
        var amount = 0m;

        // The money returned is the sum of the refund's successful refund transactions.
        foreach (var (transaction, transactionPath) in OptionalArray(refund, "transactions", path, context))
        {
            var kind = OptionalString(transaction, "kind", transactionPath, context);
            var status = OptionalString(transaction, "status", transactionPath, context);
            if (kind is not "refund" || status is not "success")
            {
                continue;
            }

            var money = ToMoney(
                RequiredDecimal(transaction, "amount", transactionPath, context),
                RequiredString(transaction, "currency", transactionPath, context),
                shopCurrency,
                Join(transactionPath, "currency"),
                context);
            amount += money.Amount;
        }

        return new ShopifyRefund(
            RequiredInt64(refund, "id", path, context),
            RequiredInt64(refund, "order_id", path, context),
            RequiredTimestamp(refund, "created_at", path, context),
            OptionalTimestamp(refund, "processed_at", path, context),
            new Money(amount, shopCurrency));
    }

    private static ShopifyLineItem ParseLineItem(JsonElement item, string path, string shopCurrency, PlatformErrorContext context)
    {
        var quantity = RequiredInt64(item, "quantity", path, context);
        if (quantity is < 0 or > int.MaxValue)
        {
            throw Invalid(context, Join(path, "quantity"), "is out of range");
        }

        return new ShopifyLineItem(
            RequiredInt64(item, "id", path, context),
            OptionalInt64(item, "product_id", path, context),
            OptionalInt64(item, "variant_id", path, context),
            OptionalString(item, "sku", path, context) is { Length: > 0 } sku ? sku : null,
            (int)quantity,
            ShopMoney(item, "price", path, shopCurrency, context)
                ?? throw Invalid(context, Join(path, "price"), "is missing"),
            null);
    }

    private static Money CurrentTotal(JsonElement order, string path, string shopCurrency, PlatformErrorContext context) =>
        ShopMoney(order, "current_total_price", path, shopCurrency, context)

        // Older payloads (such as the admin's test notification) carry only total_price.
        ?? ShopMoney(order, "total_price", path, shopCurrency, context)
        ?? throw Invalid(context, Join(path, "current_total_price"), "is missing");

    /// <summary>
    /// Reads <c>{name}_set.shop_money</c> when present (the shop's currency even for multi-currency orders), else the
    /// plain <c>{name}</c> string, which is in the shop's currency.
    /// </summary>
    private static Money? ShopMoney(JsonElement parent, string name, string path, string shopCurrency, PlatformErrorContext context)
    {
        if (Optional(parent, name + "_set") is { } set)
        {
            var setPath = Join(path, name + "_set");
            var shopMoney = Required(set, "shop_money", setPath, context);
            var moneyPath = Join(setPath, "shop_money");
            return ToMoney(
                RequiredDecimal(shopMoney, "amount", moneyPath, context),
                RequiredString(shopMoney, "currency_code", moneyPath, context),
                shopCurrency,
                Join(moneyPath, "currency_code"),
                context);
        }

        if (Optional(parent, name) is null)
        {
            return null;
        }

        if (OptionalString(parent, "currency", path, context) is { } currency)
        {
            ToMoney(0m, currency, shopCurrency, Join(path, "currency"), context);
        }

        return new Money(RequiredDecimal(parent, name, path, context), shopCurrency);
    }
}

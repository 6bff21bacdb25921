using System.Globalization;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;

namespace AdPilot.Sandbox.Shopify;

/// <summary>
/// Shopify's REST resources as webhooks carry them (api-reference §3.6; fixtures <c>rest_order_450789469</c> and
/// <c>rest_refund_509562969</c>): the bare order for <c>orders/create</c> and <c>orders/updated</c>, the bare refund
/// for <c>refunds/create</c>. Times carry the store's offset, money is a string with a <c>_set</c> twin, and the order
/// holds the made-up buyer's personal data where real Shopify puts it (customer, email, phone, addresses, browser IP).
/// </summary>
internal static class ShopifyRestBodies
{
    /// <summary>The REST order.</summary>
    public static JsonObject Order(ShopifyOrder order, TimeZoneInfo timeZone)
    {
        var currency = order.Total.Currency;
        string? landing = null;
        string? referrer = null;
        if (order.UtmAdSet is { } adSet)
        {
            var source = adSet.Platform == Platform.TikTok ? "tiktok" : "instagram";
            landing = $"/?utm_source={source}&utm_medium=paid_social&utm_campaign=adpilot&utm_content={adSet.ExternalId}";
            referrer = adSet.Platform == Platform.TikTok ? "https://www.tiktok.com/" : "https://l.instagram.com/";
        }

        var body = new JsonObject
        {
            ["id"] = order.Id,
            ["admin_graphql_api_id"] = order.Gid,
            ["name"] = order.Name,
            ["number"] = order.Number - 1000,
            ["order_number"] = order.Number,
            ["confirmed"] = true,
            ["created_at"] = Time(order.CreatedAtUtc, timeZone),
            ["updated_at"] = Time(order.UpdatedAtUtc, timeZone),
            ["processed_at"] = Time(order.ProcessedAtUtc, timeZone),
            ["cancelled_at"] = order.CancelledAtUtc is { } cancelled ? Time(cancelled, timeZone) : null,
            ["cancel_reason"] = order.CancelReason,
            ["closed_at"] = null,
            ["currency"] = currency,
            ["presentment_currency"] = currency,
            ["current_subtotal_price"] = Amount(order.CurrentTotal),
            ["current_subtotal_price_set"] = Set(order.CurrentTotal),
            ["current_total_discounts"] = Amount(order.TotalDiscounts),
            ["current_total_discounts_set"] = Set(order.TotalDiscounts),
            ["current_total_price"] = Amount(order.CurrentTotal),
            ["current_total_price_set"] = Set(order.CurrentTotal),
            ["current_total_tax"] = "0.00",
            ["current_total_tax_set"] = Set(new Money(0m, currency)),
            ["subtotal_price"] = Amount(order.Total),
            ["subtotal_price_set"] = Set(order.Total),
            ["total_discounts"] = Amount(order.TotalDiscounts),
            ["total_discounts_set"] = Set(order.TotalDiscounts),
            ["total_line_items_price"] = Amount(order.Subtotal),
            ["total_line_items_price_set"] = Set(order.Subtotal),
            ["total_price"] = Amount(order.Total),
            ["total_price_set"] = Set(order.Total),
            ["total_tax"] = "0.00",
            ["total_tax_set"] = Set(new Money(0m, currency)),
            ["total_shipping_price_set"] = Set(new Money(0m, currency)),
            ["total_outstanding"] = "0.00",
            ["taxes_included"] = false,
            ["financial_status"] = order.FinancialStatus,
            ["fulfillment_status"] = null,
            ["source_name"] = "web",
            ["landing_site"] = landing,
            ["referring_site"] = referrer,
            ["discount_codes"] = order.Discount is { } discount
                ? new JsonArray(new JsonObject { ["code"] = discount.Code, ["amount"] = Amount(discount.Amount), ["type"] = discount.Type })
                : new JsonArray(),
            ["discount_applications"] = order.Discount is { } d
                ? new JsonArray(new JsonObject
                {
                    ["target_type"] = "line_item",
                    ["type"] = "discount_code",
                    ["value"] = d.Type == "percentage" ? "10.0" : Amount(d.Amount),
                    ["value_type"] = d.Type,
                    ["allocation_method"] = "across",
                    ["target_selection"] = "all",
                    ["code"] = d.Code,
                })
                : new JsonArray(),
            ["line_items"] = new JsonArray(order.LineItems.Select(l => (JsonNode)LineItem(order, l)).ToArray()),
            ["refunds"] = new JsonArray(order.Refunds.Select(r => (JsonNode)Refund(order, r, timeZone)).ToArray()),
            ["test"] = false,
        };
        if (order.Customer is { } customer)
        {
            // Personal data, as real Shopify sends it: AdPilot's parsers must never copy any of it out.
            body["email"] = customer.Email;
            body["contact_email"] = customer.Email;
            body["phone"] = customer.Phone;
            body["browser_ip"] = "198.51.100.23";
            body["client_details"] = new JsonObject { ["browser_ip"] = "198.51.100.23", ["user_agent"] = "Mozilla/5.0 (sandbox)" };
            body["billing_address"] = Address(customer);
            body["shipping_address"] = Address(customer);
            body["customer"] = new JsonObject
            {
                ["id"] = customer.Id,
                ["email"] = customer.Email,
                ["first_name"] = customer.FirstName,
                ["last_name"] = customer.LastName,
                ["phone"] = customer.Phone,
                ["state"] = "enabled",
                ["verified_email"] = true,
                ["admin_graphql_api_id"] = $"gid://shopify/Customer/{customer.Id}",
                ["default_address"] = Address(customer),
            };
        }

        return body;
    }

    /// <summary>The REST refund, with its refund line items and its one successful refund transaction.</summary>
    public static JsonObject Refund(ShopifyOrder order, ShopifyRefund refund, TimeZoneInfo timeZone)
    {
        var at = Time(refund.CreatedAtUtc, timeZone);
        return new JsonObject
        {
            ["id"] = refund.Id,
            ["admin_graphql_api_id"] = $"gid://shopify/Refund/{refund.Id}",
            ["order_id"] = order.Id,
            ["created_at"] = at,
            ["processed_at"] = at,
            ["note"] = refund.Note,
            ["restock"] = true,
            ["user_id"] = null,
            ["refund_line_items"] = new JsonArray(refund.Lines.Select(l => (JsonNode)new JsonObject
            {
                ["id"] = l.Id,
                ["line_item_id"] = l.LineItemId,
                ["quantity"] = l.Quantity,
                ["restock_type"] = "return",
                ["subtotal"] = l.Subtotal.Amount,
                ["subtotal_set"] = Set(l.Subtotal),
                ["total_tax"] = 0.0,
                ["total_tax_set"] = Set(new Money(0m, l.Subtotal.Currency)),
                ["line_item"] = LineItem(order, order.LineItems.First(i => i.Id == l.LineItemId)),
            }).ToArray()),
            ["transactions"] = new JsonArray(new JsonObject
            {
                ["id"] = refund.TransactionId,
                ["admin_graphql_api_id"] = $"gid://shopify/OrderTransaction/{refund.TransactionId}",
                ["order_id"] = order.Id,
                ["amount"] = Amount(refund.Amount),
                ["kind"] = "refund",
                ["gateway"] = "bogus",
                ["status"] = "success",
                ["message"] = null,
                ["created_at"] = at,
                ["processed_at"] = at,
                ["test"] = false,
                ["currency"] = refund.Amount.Currency,
                ["source_name"] = "web",
            }),
            ["order_adjustments"] = new JsonArray(),
        };
    }

    private static JsonObject LineItem(ShopifyOrder order, ShopifyLineItem line) => new()
    {
        ["id"] = line.Id,
        ["admin_graphql_api_id"] = $"gid://shopify/LineItem/{line.Id}",
        ["product_id"] = line.ProductId,
        ["variant_id"] = line.VariantId,
        ["sku"] = line.Sku,
        ["title"] = line.Title,
        ["name"] = line.Title,
        ["variant_title"] = null,
        ["vendor"] = null,
        ["quantity"] = line.Quantity,
        ["current_quantity"] = order.CancelledAtUtc is null ? order.CurrentQuantity(line.Id) : 0,
        ["price"] = Amount(line.UnitPrice),
        ["price_set"] = Set(line.UnitPrice),
        ["total_discount"] = "0.00",
        ["total_discount_set"] = Set(new Money(0m, line.UnitPrice.Currency)),
        ["discount_allocations"] = line.DiscountAllocation.Amount > 0
            ? new JsonArray(new JsonObject
            {
                ["amount"] = Amount(line.DiscountAllocation),
                ["amount_set"] = Set(line.DiscountAllocation),
                ["discount_application_index"] = 0,
            })
            : new JsonArray(),
        ["requires_shipping"] = true,
        ["taxable"] = true,
        ["gift_card"] = false,
        ["tax_lines"] = new JsonArray(),
    };

    private static JsonObject Address(ShopifyCustomer customer) => new()
    {
        ["first_name"] = customer.FirstName,
        ["last_name"] = customer.LastName,
        ["name"] = $"{customer.FirstName} {customer.LastName}",
        ["address1"] = customer.Address1,
        ["address2"] = "",
        ["city"] = customer.City,
        ["zip"] = customer.Zip,
        ["province"] = customer.Province,
        ["country_code"] = customer.CountryCode,
        ["phone"] = customer.Phone,
    };

    private static JsonObject Set(Money money) => new()
    {
        ["shop_money"] = new JsonObject { ["amount"] = Amount(money), ["currency_code"] = money.Currency },
        ["presentment_money"] = new JsonObject { ["amount"] = Amount(money), ["currency_code"] = money.Currency },
    };

    private static string Amount(Money money) => money.Amount.ToString("0.00", CultureInfo.InvariantCulture);

    private static string Time(DateTimeOffset instant, TimeZoneInfo timeZone) =>
        TimeZoneInfo.ConvertTime(instant, timeZone).ToString("yyyy-MM-dd'T'HH:mm:sszzz", CultureInfo.InvariantCulture);
}

using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.Shopify;

public sealed class ShopifyWebhookParserTests
{
    private const string Shop = "test-shop.myshopify.com";

    [Theory]
    [InlineData("orders/create", ShopifyWebhookTopic.OrdersCreate)]
    [InlineData("ORDERS/UPDATED", ShopifyWebhookTopic.OrdersUpdated)]
    [InlineData("refunds/create", ShopifyWebhookTopic.RefundsCreate)]
    public void TryParseTopic_HandledTopic_ReturnsIt(string header, ShopifyWebhookTopic expected)
    {
        Assert.True(ShopifyWebhookParser.TryParseTopic(header, out var topic));
        Assert.Equal(expected, topic);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("orders/paid")]
    [InlineData("customers/create")]
    public void TryParseTopic_OtherTopic_ReturnsFalse(string? header)
    {
        Assert.False(ShopifyWebhookParser.TryParseTopic(header, out _));
    }

    [Fact]
    public void Parse_OrdersCreateWithReferenceOrder_ReadsEveryField()
    {
        var body = FixtureFiles.Unwrapped("order", "shopify", "rest_order_450789469.shopify-app-js.json");

        var order = ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, body, Shop, "USD").Order!;

        Assert.Equal(450789469, order.Id);
        Assert.Equal("#1001", order.Name);
        Assert.Equal(new DateTimeOffset(2008, 1, 10, 11, 0, 0, TimeSpan.FromHours(-5)), order.CreatedAt);
        Assert.Equal(order.CreatedAt, order.ProcessedAt);
        Assert.Null(order.CancelledAt);
        Assert.False(order.Test);
        Assert.Equal("web", order.SourceName);
        Assert.Equal(new Money(199.65m, "USD"), order.CurrentTotal);
        Assert.Equal(new Money(10.00m, "USD"), order.TotalDiscounts);
        Assert.Equal(["TENOFF"], order.DiscountCodes);
        Assert.Equal("/", order.Landing.LandingPath);
        Assert.Equal("www.otherexample.com", order.Landing.ReferringHost);
        Assert.Equal(UtmParameters.None, order.Landing.Utm);
        var first = order.LineItems[0];
        Assert.Equal(new ShopifyLineItem(466157049, 632910392, 39072856, "IPOD2008GREEN", 1, new Money(199.00m, "USD"), null), first);
        Assert.Equal(3, order.LineItems.Count);
        Assert.All(order.Refunds, r => Assert.Equal(450789469, r.OrderId));
        Assert.Equal(new Money(209.00m, "USD"), order.Refunds[0].Amount);
    }

    [Fact]
    public void Parse_OrderWithPersonalData_KeepsNoneOfIt()
    {
        var fixture = FixtureFiles.Json("shopify", "rest_order_450789469.shopify-app-js.json")["order"]!;
        var personal = PersonalStrings(fixture);
        Assert.NotEmpty(personal);

        var order = ShopifyWebhookParser.Parse(
            ShopifyWebhookTopic.OrdersUpdated, Encoding.UTF8.GetBytes(fixture.ToJsonString()), Shop, "USD").Order!;
        var kept = JsonSerializer.Serialize(order);

        Assert.All(personal, value => Assert.DoesNotContain(value, kept, StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void Parse_AdminTestNotification_FallsBackToTotalPriceAndCreationTime()
    {
        var body = FixtureFiles.Bytes("shopify", "webhook_body_orders_test_notification.laravel-shopify.json");

        var order = ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, body, Shop, "USD").Order!;

        Assert.Equal(820982911946154508, order.Id);
        Assert.True(order.Test);
        Assert.Equal(new Money(57.98m, "USD"), order.CurrentTotal);
        Assert.Equal(order.CreatedAt, order.ProcessedAt);
        Assert.NotNull(order.CancelledAt);
        Assert.Null(order.Landing.LandingPath);
    }

    [Fact]
    public void Parse_RefundsCreate_SumsSuccessfulRefundTransactions()
    {
        var body = FixtureFiles.Unwrapped("refund", "shopify", "rest_refund_509562969.shopify-api-ruby.json");

        var refund = ShopifyWebhookParser.Parse(ShopifyWebhookTopic.RefundsCreate, body, Shop, "USD").Refund!;

        Assert.Equal(509562969, refund.Id);
        Assert.Equal(450789469, refund.OrderId);
        Assert.Equal(new Money(209.00m, "USD"), refund.Amount);
    }

    [Fact]
    public void Parse_LandingSiteWithUtmAndEmail_KeepsUtmAndDropsTheQuery()
    {
        var body = OrderWith(o => o["landing_site"] = "/products/hat?utm_source=ig&utm_medium=paid&utm_campaign=fall&email=a%40b.c");

        var order = ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, body, Shop, "USD").Order!;

        Assert.Equal("/products/hat", order.Landing.LandingPath);
        Assert.Equal(new UtmParameters("ig", "paid", "fall", null, null), order.Landing.Utm);
        Assert.DoesNotContain("a@b.c", JsonSerializer.Serialize(order), StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_NotJson_ThrowsPlatformResponseException()
    {
        var ex = Assert.Throws<PlatformResponseException>(
            () => ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, "{\"id\": 1,"u8.ToArray(), Shop, "USD"));

        Assert.Equal(ExternalApi.Shopify, ex.Context.Api);
        Assert.Contains(Shop, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TotalThatIsNotANumber_NamesTheField()
    {
        var body = OrderWith(o => o["current_total_price_set"]!["shop_money"]!["amount"] = "12,5O");

        var ex = Assert.Throws<PlatformResponseException>(
            () => ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, body, Shop, "USD"));

        Assert.Contains("order.current_total_price_set.shop_money.amount", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MissingId_NamesTheField()
    {
        var body = OrderWith(o => o.AsObject().Remove("id"));

        var ex = Assert.Throws<PlatformResponseException>(
            () => ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, body, Shop, "USD"));

        Assert.Contains("order.id is missing", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ShopCurrencyChanged_ThrowsPlatformResponseException()
    {
        var body = FixtureFiles.Unwrapped("order", "shopify", "rest_order_450789469.shopify-app-js.json");

        var ex = Assert.Throws<PlatformResponseException>(
            () => ShopifyWebhookParser.Parse(ShopifyWebhookTopic.OrdersCreate, body, Shop, "EUR"));

        Assert.Contains("USD", ex.Message, StringComparison.Ordinal);
        Assert.Contains("EUR", ex.Message, StringComparison.Ordinal);
    }

    private static byte[] OrderWith(Action<JsonNode> change)
    {
        var order = FixtureFiles.Json("shopify", "rest_order_450789469.shopify-app-js.json")["order"]!;
        change(order);
        return Encoding.UTF8.GetBytes(order.ToJsonString());
    }

    private static List<string> PersonalStrings(JsonNode order)
    {
        string[] personalKeys = ["customer", "billing_address", "shipping_address", "email", "contact_email", "phone", "browser_ip"];
        var values = new List<string>();
        foreach (var key in personalKeys)
        {
            Collect(order[key], values);
        }

        return values.Where(v => v.Length >= 5 && !v.Contains("gid://", StringComparison.Ordinal)).Distinct().ToList();
    }

    private static void Collect(JsonNode? node, List<string> into)
    {
        switch (node)
        {
            case JsonObject obj:
                foreach (var (key, value) in obj)
                {
                    // Ids, dates, flags and currencies are not personal; names, emails, phones and addresses are.
                    if (key is "first_name" or "last_name" or "name" or "email" or "phone" or "address1" or "address2" or "city"
                        or "zip" or "company" || value is JsonObject or JsonArray)
                    {
                        Collect(value, into);
                    }
                }

                break;
            case JsonArray array:
                foreach (var item in array)
                {
                    Collect(item, into);
                }

                break;
            case JsonValue value when value.TryGetValue<string>(out var text):
                into.Add(text);
                break;
        }
    }
}

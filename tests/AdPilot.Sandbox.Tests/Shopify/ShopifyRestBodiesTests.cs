using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Shopify;

namespace AdPilot.Sandbox.Tests.Shopify;

public sealed class ShopifyRestBodiesTests
{
    [Fact]
    public void OrderAndRefund_UseOnlyFieldsOfShopifysOwnSample_WithTheSameJsonKinds()
    {
        using var fixture = JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Fixtures", "shopify", "rest_order_450789469.shopify-app-js.json")));
        var sampleOrder = fixture.RootElement.GetProperty("order");
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(10 * 24);
        var orders = world.Orders();
        var withDiscount = orders.First(o => o.Discount is not null);
        var refunded = orders.First(o => o.Refunds.Count > 0);

        foreach (var order in new[] { withDiscount, refunded, orders.First(o => o.CancelledAtUtc is not null) })
        {
            using var body = JsonDocument.Parse(ShopifyRestBodies.Order(order, world.TimeZone).ToJsonString());
            AssertShapeWithin(sampleOrder, body.RootElement, "order");
        }

        using var refund = JsonDocument.Parse(ShopifyRestBodies.Refund(refunded, refunded.Refunds[0], world.TimeZone).ToJsonString());
        AssertShapeWithin(sampleOrder.GetProperty("refunds")[0], refund.RootElement, "refund");
    }

    [Fact]
    public void Order_TotalsAndStatusesFollowTheWorld_InTheStoresOffset()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        world.Advance(10 * 24);
        var refunded = world.Orders().First(o => o.FinancialStatus == "partially_refunded");

        using var body = JsonDocument.Parse(ShopifyRestBodies.Order(refunded, world.TimeZone).ToJsonString());

        var root = body.RootElement;
        Assert.Equal(refunded.CurrentTotal.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("current_total_price").GetString());
        Assert.Equal(refunded.Total.Amount.ToString("0.00", System.Globalization.CultureInfo.InvariantCulture), root.GetProperty("total_price").GetString());
        Assert.Equal("partially_refunded", root.GetProperty("financial_status").GetString());
        Assert.Equal(refunded.UpdatedAtUtc, DateTimeOffset.Parse(root.GetProperty("updated_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal(world.TimeZone.GetUtcOffset(refunded.CreatedAtUtc), DateTimeOffset.Parse(root.GetProperty("created_at").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset);
        var refundedLine = refunded.Refunds[0].Lines[0];
        var line = root.GetProperty("line_items").EnumerateArray().Single(l => l.GetProperty("id").GetInt64() == refundedLine.LineItemId);
        Assert.Equal(refunded.CurrentQuantity(refundedLine.LineItemId), line.GetProperty("current_quantity").GetInt32());
    }

    /// <summary>Every field of <paramref name="actual"/> is in <paramref name="sample"/> with the same JSON kind (null goes with anything).</summary>
    private static void AssertShapeWithin(JsonElement sample, JsonElement actual, string path)
    {
        if (actual.ValueKind == JsonValueKind.Null || sample.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        Assert.True(Kind(sample) == Kind(actual), $"{path}: {actual.ValueKind} where Shopify has {sample.ValueKind}");
        if (actual.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in actual.EnumerateObject())
            {
                Assert.True(sample.TryGetProperty(property.Name, out var expected), $"{path}.{property.Name} is not in Shopify's sample");
                AssertShapeWithin(expected, property.Value, $"{path}.{property.Name}");
            }
        }
        else if (actual.ValueKind == JsonValueKind.Array && sample.GetArrayLength() > 0)
        {
            foreach (var item in actual.EnumerateArray())
            {
                AssertShapeWithin(sample[0], item, $"{path}[]");
            }
        }
    }

    private static JsonValueKind Kind(JsonElement element) => element.ValueKind is JsonValueKind.True ? JsonValueKind.False : element.ValueKind;
}

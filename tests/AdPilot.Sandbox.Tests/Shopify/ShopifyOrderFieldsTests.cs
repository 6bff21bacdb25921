using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Sandbox.Tests.Shopify;

public sealed class ShopifyOrderFieldsTests
{
    // The cost bucket refills on this clock: a throttled page is read again after moving it on, never after a real wait.
    private readonly FakeTimeProvider _serverTime = new();

    private const string Detailed = """
        query Detailed($search: String, $cursor: String) {
          orders(first: 10, after: $cursor, sortKey: UPDATED_AT, query: $search) {
            pageInfo { hasNextPage endCursor }
            nodes {
              id updatedAt processedAt cancelledAt cancelReason displayFinancialStatus discountCodes
              totalPriceSet { shopMoney { amount } }
              currentTotalPriceSet { shopMoney { amount } }
              totalDiscountsSet { shopMoney { amount } }
              totalRefundedSet { shopMoney { amount } }
              lineItems(first: 10) {
                nodes {
                  id title sku quantity currentQuantity
                  originalUnitPriceSet { shopMoney { amount currencyCode } }
                  discountedTotalSet { shopMoney { amount } }
                  product { id }
                  variant { id inventoryItem { unitCost { amount currencyCode } } }
                }
              }
              refunds(first: 5) {
                id createdAt note
                totalRefundedSet { shopMoney { amount currencyCode } }
                refundLineItems(first: 10) { nodes { quantity lineItem { id } subtotalSet { shopMoney { amount } } } }
                transactions(first: 5) { nodes { kind status amountSet { shopMoney { amount } } } }
              }
            }
          }
        }
        """;

    [Fact]
    public async Task Orders_ServeLineItemsUnitCostsDiscountsRefundsAndCancellations_AsTheWorldHasThem()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, _serverTime);
        server.World.Advance(10 * 24);

        var nodes = await AllAsync(server, search: null);

        var truth = server.World.Orders().ToDictionary(o => o.Gid);
        Assert.Equal(truth.Count, nodes.Count);
        foreach (var node in nodes)
        {
            var order = truth[node.GetProperty("id").GetString()!];
            Assert.Equal(order.Total.Amount, Amount(node.GetProperty("totalPriceSet")));
            Assert.Equal(order.CurrentTotal.Amount, Amount(node.GetProperty("currentTotalPriceSet")));
            Assert.Equal(order.TotalDiscounts.Amount, Amount(node.GetProperty("totalDiscountsSet")));
            Assert.Equal(order.TotalRefunded.Amount, Amount(node.GetProperty("totalRefundedSet")));
            Assert.Equal(order.Discount?.Code is { } code ? [code] : Array.Empty<string>(), node.GetProperty("discountCodes").EnumerateArray().Select(c => c.GetString()!));
            Assert.Equal(order.CancelReason?.ToUpperInvariant(), node.GetProperty("cancelReason").GetString());
            var lines = node.GetProperty("lineItems").GetProperty("nodes").EnumerateArray().ToArray();
            Assert.Equal(order.LineItems.Count, lines.Length);
            Assert.Equal(
                order.Total.Amount + order.TotalDiscounts.Amount,
                lines.Sum(l => Amount(l.GetProperty("originalUnitPriceSet")) * l.GetProperty("quantity").GetInt32()));
            foreach (var (line, item) in lines.Zip(order.LineItems))
            {
                Assert.Equal($"gid://shopify/LineItem/{item.Id}", line.GetProperty("id").GetString());
                var cost = line.GetProperty("variant").GetProperty("inventoryItem").GetProperty("unitCost");
                Assert.Equal(item.UnitCost?.Amount, cost.ValueKind == JsonValueKind.Null ? null : decimal.Parse(cost.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture));
            }

            var refunds = node.GetProperty("refunds").EnumerateArray().ToArray();
            Assert.Equal(order.Refunds.Count, refunds.Length);
            foreach (var (refund, truthRefund) in refunds.Zip(order.Refunds))
            {
                Assert.Equal($"gid://shopify/Refund/{truthRefund.Id}", refund.GetProperty("id").GetString());
                Assert.Equal(truthRefund.Amount.Amount, Amount(refund.GetProperty("totalRefundedSet")));
                var transaction = Assert.Single(refund.GetProperty("transactions").GetProperty("nodes").EnumerateArray());
                Assert.Equal("REFUND", transaction.GetProperty("kind").GetString());
                Assert.Equal(truthRefund.Amount.Amount, Amount(transaction.GetProperty("amountSet")));
                Assert.Equal(
                    truthRefund.Amount.Amount,
                    refund.GetProperty("refundLineItems").GetProperty("nodes").EnumerateArray().Sum(l => Amount(l.GetProperty("subtotalSet"))));
            }
        }

        Assert.Contains(nodes, n => n.GetProperty("refunds").GetArrayLength() > 0);
        Assert.Contains(nodes, n => n.GetProperty("cancelledAt").ValueKind == JsonValueKind.String);
        Assert.Contains(nodes, n => n.GetProperty("displayFinancialStatus").GetString() == "PARTIALLY_REFUNDED");
    }

    [Fact]
    public async Task UpdatedAtWatermark_PicksUpOrdersRefundedOrCancelledAfterIt_ThoughPlacedBefore()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, _serverTime);
        server.World.Advance(4 * 24);
        var watermark = server.World.Clock.GetUtcNow();
        server.World.Advance(3 * 24);

        var nodes = await AllAsync(server, $"updated_at:>='{watermark:yyyy-MM-dd'T'HH:mm:ss'Z'}'");

        var changedLater = server.World.Orders().Where(o => o.CreatedAtUtc < watermark && o.UpdatedAtUtc >= watermark).ToArray();
        Assert.NotEmpty(changedLater);
        var ids = nodes.Select(n => n.GetProperty("id").GetString()).ToHashSet();
        Assert.All(changedLater, o => Assert.Contains(o.Gid, ids));
        Assert.Equal(server.World.Orders().Count(o => o.UpdatedAtUtc >= watermark), nodes.Count);
        var updated = nodes.Select(n => DateTimeOffset.Parse(n.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture)).ToArray();
        Assert.Equal(updated.Order(), updated);
    }

    [Fact]
    public async Task SearchByStatusAndFinancialStatus_FiltersAsTheWorldSays()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, _serverTime);
        server.World.Advance(10 * 24);

        var cancelled = await AllAsync(server, "status:cancelled");
        var refunded = await AllAsync(server, "financial_status:refunded");

        Assert.Equal(server.World.Orders().Where(o => o.CancelledAtUtc is not null).Select(o => o.Gid).Order(), cancelled.Select(n => n.GetProperty("id").GetString()!).Order());
        Assert.Equal(server.World.Orders().Where(o => o.FinancialStatus == "refunded").Select(o => o.Gid).Order(), refunded.Select(n => n.GetProperty("id").GetString()!).Order());
    }

    private static decimal Amount(JsonElement bag) =>
        decimal.Parse(bag.GetProperty("shopMoney").GetProperty("amount").GetString()!, CultureInfo.InvariantCulture);

    private async Task<List<JsonElement>> AllAsync(SandboxServer server, string? search)
    {
        var nodes = new List<JsonElement>();
        string? cursor = null;
        while (true)
        {
            var (status, body) = await ShopifyGraphQl.PostAsync(server, Detailed, new JsonObject { ["search"] = search, ["cursor"] = cursor });
            Assert.Equal(200, status);
            if (!body.TryGetProperty("data", out var data))
            {
                Assert.Equal("THROTTLED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
                _serverTime.Advance(TimeSpan.FromSeconds(20));
                continue;
            }

            var orders = data.GetProperty("orders");
            nodes.AddRange(orders.GetProperty("nodes").EnumerateArray());
            if (!orders.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean())
            {
                return nodes;
            }

            cursor = orders.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }
    }
}

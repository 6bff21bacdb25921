using System.Text.Json.Nodes;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Connectors.Tests.Shopify;

public sealed class ShopifyBulkBackfillTests
{
    private const string Token = "shpat_secret_token_value";
    private const string ResultUrl = "https://storage.example/bulk/4100000001.jsonl?sig=abc";
    private static readonly DateTimeOffset Watermark = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly StubHandler _handler = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task BulkBackfillAsync_Completed_PollsOnTheInjectedClock_DownloadsWithoutTheToken_AndJoinsLineItemsToOrders()
    {
        _handler
            .RespondJson(Started())
            .RespondJson(Status("RUNNING", url: null))
            .RespondJson(Status("COMPLETED", ResultUrl))
            .RespondJson(string.Join('\n', LineItem(2, parent: 1), Order(1, "2026-01-03T00:00:00Z"), LineItem(3, parent: 1), Order(2, "2026-01-02T00:00:00Z"), ""));

        var backfill = CreateSut().BulkBackfillAsync(Watermark, "USD", TestContext.Current.CancellationToken);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        await WaitForRequestsAsync(2);
        _time.Advance(TimeSpan.FromSeconds(2));
        var orders = await backfill;

        Assert.Equal(4, _handler.Requests.Count);
        var run = JsonNode.Parse(_handler.Requests[0].Body!)!;
        Assert.Equal(ShopifyOrdersClient.BulkRunMutation, (string)run["query"]!);
        Assert.Contains("updated_at:>='2026-01-01T00:00:00Z'", (string)run["variables"]!["query"]!, StringComparison.Ordinal);
        Assert.Equal("gid://shopify/BulkOperation/4100000001", (string)JsonNode.Parse(_handler.Requests[1].Body!)!["variables"]!["id"]!);
        var download = _handler.Requests[3];
        Assert.Equal(HttpMethod.Get, download.Method);
        Assert.Equal(new Uri(ResultUrl), download.Uri);
        Assert.False(download.Headers.ContainsKey("X-Shopify-Access-Token"));
        Assert.Equal([2L, 1L], orders.Select(o => o.Id));
        Assert.Empty(orders[0].LineItems);
        Assert.Equal([2L, 3L], orders[1].LineItems.Select(l => l.Id));
        Assert.Equal(80.50m, orders[1].LineItems[0].UnitCost!.Value.Amount);
    }

    [Fact]
    public async Task BulkBackfillAsync_LineItemAwayFromItsOrder_FailsNamingTheLine()
    {
        _handler
            .RespondJson(Started())
            .RespondJson(Status("COMPLETED", ResultUrl))
            .RespondJson(string.Join('\n', Order(1, "2026-01-03T00:00:00Z"), Order(2, "2026-01-02T00:00:00Z"), LineItem(3, parent: 1), ""));

        var backfill = CreateSut().BulkBackfillAsync(Watermark, "USD", TestContext.Current.CancellationToken);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));
        var ex = await Assert.ThrowsAsync<PlatformResponseException>(() => backfill);

        Assert.Contains("jsonl[3]", ex.Message, StringComparison.Ordinal);
        Assert.Contains("not grouped", ex.Message, StringComparison.Ordinal);
        Assert.Contains("groupObjects: true", ShopifyOrdersClient.BulkRunMutation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkBackfillAsync_CompletedWithoutAFile_ReturnsNoOrders()
    {
        _handler.RespondJson(Started()).RespondJson(Status("COMPLETED", url: null));

        var backfill = CreateSut().BulkBackfillAsync(Watermark, "USD", TestContext.Current.CancellationToken);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));

        Assert.Empty(await backfill);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task BulkBackfillAsync_UserError_ThrowsRequestRejected()
    {
        _handler.RespondJson("""
            {"data":{"bulkOperationRunQuery":{"bulkOperation":null,
              "userErrors":[{"field":["query"],"message":"A maximum of 5 bulk queries can run at the same time.","code":"LIMIT_REACHED"}]}}}
            """);

        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(
            () => CreateSut().BulkBackfillAsync(Watermark, "USD", TestContext.Current.CancellationToken));

        Assert.Equal("LIMIT_REACHED", ex.Context.ErrorCode);
        Assert.DoesNotContain(Token, ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task BulkBackfillAsync_OperationFailed_ThrowsUnavailableWithItsErrorCode()
    {
        _handler.RespondJson(Started()).RespondJson(Status("FAILED", url: null, errorCode: "INTERNAL_SERVER_ERROR"));

        var backfill = CreateSut().BulkBackfillAsync(Watermark, "USD", TestContext.Current.CancellationToken);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => backfill);
        Assert.Equal("INTERNAL_SERVER_ERROR", ex.Context.ErrorCode);
    }

    [Fact]
    public async Task BulkBackfillAsync_NeverCompletes_GivesUpAfterMaxPolls()
    {
        _handler.RespondJson(Started()).RespondJson(Status("RUNNING", url: null));

        var backfill = CreateSut(o => o.MaxBulkPolls = 1).BulkBackfillAsync(Watermark, "USD", TestContext.Current.CancellationToken);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(2));

        await Assert.ThrowsAsync<PlatformUnavailableException>(() => backfill);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("phone")]
    [InlineData("customer ")]
    [InlineData("customer{")]
    [InlineData("Address")]
    [InlineData("firstName")]
    public void BulkOrdersQuery_AsksForNoPersonalData(string field)
    {
        Assert.DoesNotContain(field, ShopifyOrdersClient.BulkOrdersQuery(Watermark), StringComparison.OrdinalIgnoreCase);
    }

    private async Task WaitForRequestsAsync(int count)
    {
        for (var spin = 0; _handler.Requests.Count < count && spin < 1000; spin++)
        {
            await Task.Yield();
        }

        Assert.Equal(count, _handler.Requests.Count);
    }

    private ShopifyOrdersClient CreateSut(Action<ShopifyOptions>? configure = null)
    {
        var options = new ShopifyOptions { ShopDomain = "test-shop.myshopify.com", AdminToken = Token };
        configure?.Invoke(options);
        return new ShopifyOrdersClient(_handler.CreateClient(), Options.Create(options), _time, NullLogger<ShopifyOrdersClient>.Instance);
    }

    private static string Started() => """
        {"data":{"bulkOperationRunQuery":{"bulkOperation":{"id":"gid://shopify/BulkOperation/4100000001","status":"CREATED"},"userErrors":[]}},
         "extensions":{"cost":{"requestedQueryCost":10,"actualQueryCost":10,"throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":1990,"restoreRate":100.0}}}}
        """;

    private static string Status(string status, string? url, string? errorCode = null) =>
        new JsonObject
        {
            ["data"] = new JsonObject
            {
                ["bulkOperation"] = new JsonObject
                {
                    ["id"] = "gid://shopify/BulkOperation/4100000001",
                    ["status"] = status,
                    ["errorCode"] = errorCode,
                    ["objectCount"] = "4",
                    ["url"] = url,
                },
            },
        }.ToJsonString();

    private static string Money(string amount) => $$$"""{"shopMoney":{"amount":"{{{amount}}}","currencyCode":"USD"}}""";

    private static string Order(long id, string updatedAt) =>
        $$$"""{"id":"gid://shopify/Order/{{{id}}}","name":"#{{{id}}}","createdAt":"2026-01-01T00:00:00Z","processedAt":"2026-01-01T00:00:00Z","updatedAt":"{{{updatedAt}}}","cancelledAt":null,"test":false,"sourceName":"web","currentTotalPriceSet":{{{Money("10.00")}}},"totalDiscountsSet":{{{Money("0.0")}}},"discountCodes":[],"customerJourneySummary":{"lastVisit":null},"refunds":[]}""";

    private static string LineItem(long id, long parent) =>
        new JsonObject
        {
            ["id"] = $"gid://shopify/LineItem/{id}",
            ["sku"] = "S",
            ["quantity"] = 1,
            ["originalUnitPriceSet"] = JsonNode.Parse(Money("5.00")),
            ["product"] = new JsonObject { ["id"] = "gid://shopify/Product/7" },
            ["variant"] = new JsonObject
            {
                ["id"] = "gid://shopify/ProductVariant/8",
                ["inventoryItem"] = new JsonObject { ["unitCost"] = new JsonObject { ["amount"] = "80.50", ["currencyCode"] = "USD" } },
            },
            ["__parentId"] = $"gid://shopify/Order/{parent}",
        }.ToJsonString();
}

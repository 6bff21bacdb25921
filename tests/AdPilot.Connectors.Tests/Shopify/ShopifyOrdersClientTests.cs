using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using AdPilot.Connectors.Shopify;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Connectors.Tests.Shopify;

public sealed class ShopifyOrdersClientTests
{
    private const string Token = "shpat_secret_token_value";
    private static readonly DateTimeOffset Watermark = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    private readonly StubHandler _handler = new();
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 2, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task GetOrdersPageAsync_FirstPage_PostsThePinnedGraphQlRequest()
    {
        _handler.RespondJson(Page([], hasNext: false));

        await CreateSut().GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://test-shop.myshopify.com/admin/api/2026-01/graphql.json", request.Uri.ToString());
        Assert.Equal(Token, request.Headers["X-Shopify-Access-Token"]);
        Assert.Equal("application/json", request.ContentType);
        var body = JsonNode.Parse(request.Body!)!;
        Assert.Equal(ShopifyOrdersClient.Query, (string)body["query"]!);
        Assert.Equal(
            """{"first":10,"after":null,"query":"updated_at:\u003E=\u00272026-01-01T00:00:00Z\u0027","lineItems":10,"refunds":10}""",
            body["variables"]!.ToJsonString());
        Assert.Equal("updated_at:>='2026-01-01T00:00:00Z'", (string)body["variables"]!["query"]!);
        Assert.Contains("sortKey: UPDATED_AT", ShopifyOrdersClient.Query, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("email")]
    [InlineData("phone")]
    [InlineData("customer ")]
    [InlineData("customer{")]
    [InlineData("Address")]
    [InlineData("firstName")]
    public void Query_AsksForNoPersonalData(string field)
    {
        Assert.DoesNotContain(field, ShopifyOrdersClient.Query, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task GetOrdersUpdatedSinceAsync_TwoPages_FollowsTheEndCursor()
    {
        _handler.RespondJson(Page([OrderNode(1)], hasNext: true, endCursor: "CURSOR1"));
        _handler.RespondJson(Page([OrderNode(2)], hasNext: false));

        var pages = new List<ShopifyOrdersPage>();
        await foreach (var page in CreateSut().GetOrdersUpdatedSinceAsync(Watermark, "USD", TestContext.Current.CancellationToken))
        {
            pages.Add(page);
        }

        Assert.Equal([1L, 2L], pages.SelectMany(p => p.Orders).Select(o => o.Id));
        Assert.Equal("CURSOR1", (string)JsonNode.Parse(_handler.Requests[1].Body!)!["variables"]!["after"]!);
        Assert.False(pages[1].HasNextPage);
    }

    [Fact]
    public async Task GetOrdersPageAsync_OrderNode_ReadsMoneyCostsAndAttribution()
    {
        _handler.RespondJson(Page([OrderNode(450789469)], hasNext: false));

        var page = await CreateSut().GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken);

        var order = Assert.Single(page.Orders);
        Assert.Equal(450789469, order.Id);
        Assert.Equal(new Money(199.65m, "USD"), order.CurrentTotal);
        Assert.Equal(new Money(10m, "USD"), order.TotalDiscounts);
        Assert.Equal(["TENOFF"], order.DiscountCodes);
        Assert.Equal(new ShopifyLineItem(466157049, 632910392, 39072856, "IPOD2008GREEN", 1, new Money(199m, "USD"), new Money(80.5m, "USD")),
            order.LineItems[0]);
        Assert.Null(order.LineItems[1].UnitCost);
        Assert.Equal(new ShopifyRefund(509562969, 450789469, Watermark, null, new Money(20m, "USD")), order.Refunds[0]);
        Assert.Equal("/products/ipod", order.Landing.LandingPath);
        Assert.Equal("l.instagram.com", order.Landing.ReferringHost);
        Assert.Equal(new UtmParameters("instagram", "paid", "fall", null, null), order.Landing.Utm);
        Assert.Equal(new ShopifyThrottleStatus(52, 12, 2000, 1988, 100), page.Throttle);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrdersPageAsync_ThrottledThenServed_WaitsForTheBucketOnTheInjectedClock()
    {
        _handler.RespondJson(Fixture("graphql_throttled_with_cost.community-post.json"));
        _handler.RespondJson(Page([], hasNext: false));

        var task = CreateSut().GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken);
        await WaitForRequestsAsync(1);

        // (752 requested - 666 available) / 50 per second = 1.72 s.
        _time.Advance(TimeSpan.FromSeconds(1.71));
        Assert.False(task.IsCompleted);
        _time.Advance(TimeSpan.FromSeconds(0.01));
        await task;
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrdersPageAsync_CostAboveTheWholeBucket_FailsAtOnceNamingTheSettings()
    {
        _handler.RespondJson("""
            {"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],
             "extensions":{"cost":{"requestedQueryCost":2400,"actualQueryCost":null,
               "throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":2000,"restoreRate":100.0}}}}
            """);

        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(
            () => CreateSut().GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken));

        Assert.Contains("2400", ex.Message, StringComparison.Ordinal);
        Assert.Contains("Shopify:OrdersPageSize", ex.Message, StringComparison.Ordinal);
        Assert.Single(_handler.Requests);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrdersPageAsync_ThrottledBeyondRetries_ThrowsRateLimited()
    {
        for (var i = 0; i < 2; i++)
        {
            _handler.RespondJson(Fixture("graphql_throttled_minimal.shopify-app-remix-mock.json"));
        }

        var task = CreateSut(o => o.MaxThrottleRetries = 1).GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken);
        await WaitForRequestsAsync(1);
        _time.Advance(TimeSpan.FromSeconds(1));

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => task);
        Assert.Equal("THROTTLED", ex.Context.ErrorCode);
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact(Timeout = 10_000)]
    public async Task GetOrdersPageAsync_LowBucketAfterAPage_WaitsBeforeTheNextPage()
    {
        _handler.RespondJson(Page([OrderNode(1)], hasNext: true, endCursor: "C", available: 2, requested: 52));
        _handler.RespondJson(Page([], hasNext: false));
        var sut = CreateSut();

        var first = await sut.GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken);
        var second = sut.GetOrdersPageAsync(Watermark, first.EndCursor, "USD", TestContext.Current.CancellationToken);

        // (52 - 2) / 100 per second = 0.5 s before the second request goes out.
        Assert.Single(_handler.Requests);
        _time.Advance(TimeSpan.FromSeconds(0.5));
        await second;
        Assert.Equal(2, _handler.Requests.Count);
    }

    [Fact]
    public async Task GetOrdersPageAsync_GraphQlError_ThrowsRequestRejected()
    {
        _handler.RespondJson(Fixture("graphql_error_with_cost.shopify-api-test.json"));

        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(
            () => CreateSut().GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken));

        Assert.Contains("you must provide one of first or last", ex.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(HttpStatusCode.Unauthorized, typeof(PlatformAuthenticationException))]
    [InlineData(HttpStatusCode.TooManyRequests, typeof(PlatformRateLimitedException))]
    [InlineData(HttpStatusCode.ServiceUnavailable, typeof(PlatformUnavailableException))]
    [InlineData(HttpStatusCode.NotFound, typeof(PlatformRequestRejectedException))]
    public async Task GetOrdersPageAsync_HttpFailure_ThrowsTypedErrorWithoutTheToken(HttpStatusCode status, Type expected)
    {
        _handler.Respond(status, "{}");

        var ex = await Assert.ThrowsAnyAsync<PlatformException>(
            () => CreateSut().GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken));

        Assert.IsType(expected, ex);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{\"data\":")]
    [InlineData("[]")]
    [InlineData("{\"data\":{\"orders\":{\"pageInfo\":{\"hasNextPage\":false},\"nodes\":[{\"id\":\"gid://shopify/Order/x\"}]}}}")]
    public async Task GetOrdersPageAsync_UnreadableAnswer_ThrowsPlatformResponseException(string body)
    {
        _handler.RespondJson(body);

        await Assert.ThrowsAsync<PlatformResponseException>(
            () => CreateSut().GetOrdersPageAsync(Watermark, null, "USD", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task GetOrdersPageAsync_CurrencyChanged_ThrowsPlatformResponseException()
    {
        _handler.RespondJson(Page([OrderNode(1)], hasNext: false));

        var ex = await Assert.ThrowsAsync<PlatformResponseException>(
            () => CreateSut().GetOrdersPageAsync(Watermark, null, "EUR", TestContext.Current.CancellationToken));

        Assert.Contains("EUR", ex.Message, StringComparison.Ordinal);
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

    private static string Fixture(string name) => File.ReadAllText(FixtureFiles.PathOf("shopify", name));

    private static string Money(string amount) =>
        """{"shopMoney":{"amount":"AMOUNT","currencyCode":"USD"}}""".Replace("AMOUNT", amount, StringComparison.Ordinal);

    private static string Page(string[] nodes, bool hasNext, string? endCursor = null, int available = 1988, int requested = 52) => """
        {"data":{"orders":{"pageInfo":{"hasNextPage":HAS_NEXT,"endCursor":END_CURSOR},
          "nodes":[NODES]}},
         "extensions":{"cost":{"requestedQueryCost":REQUESTED,"actualQueryCost":12,
           "throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":AVAILABLE,"restoreRate":100.0}}}}
        """
        .Replace("HAS_NEXT", hasNext ? "true" : "false", StringComparison.Ordinal)
        .Replace("END_CURSOR", endCursor is null ? "null" : $"\"{endCursor}\"", StringComparison.Ordinal)
        .Replace("NODES", string.Join(",", nodes), StringComparison.Ordinal)
        .Replace("REQUESTED", requested.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("AVAILABLE", available.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);

    // The 2026-01 schema's shape for the fields the query asks for (no real capture of an orders page exists).
    private static string OrderNode(long id) => """
        {"id":"gid://shopify/Order/ORDER_ID","name":"#1001","createdAt":"2026-01-01T00:00:00Z","processedAt":"2026-01-01T00:00:00Z",
         "updatedAt":"2026-01-02T00:00:00Z","cancelledAt":null,"test":false,"sourceName":"web",
         "currentTotalPriceSet":MONEY_199_65,"totalDiscountsSet":MONEY_10,"discountCodes":["TENOFF"],
         "customerJourneySummary":{"lastVisit":{"landingPage":"https://shop.example/products/ipod?utm_source=instagram&fbclid=x",
           "referrerUrl":"https://l.instagram.com/?u=abc",
           "utmParameters":{"source":"instagram","medium":"paid","campaign":"fall","content":null,"term":null}}},
         "lineItems":{"nodes":[
           {"id":"gid://shopify/LineItem/466157049","sku":"IPOD2008GREEN","quantity":1,"originalUnitPriceSet":MONEY_199,
            "product":{"id":"gid://shopify/Product/632910392"},
            "variant":{"id":"gid://shopify/ProductVariant/39072856","inventoryItem":{"unitCost":{"amount":"80.50","currencyCode":"USD"}}}},
           {"id":"gid://shopify/LineItem/2","sku":"","quantity":2,"originalUnitPriceSet":MONEY_5,"product":null,"variant":null}]},
         "refunds":[{"id":"gid://shopify/Refund/509562969","createdAt":"2026-01-01T00:00:00Z","processedAt":null,
           "totalRefundedSet":MONEY_20}]}
        """
        .Replace("ORDER_ID", id.ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
        .Replace("MONEY_199_65", Money("199.65"), StringComparison.Ordinal)
        .Replace("MONEY_199", Money("199.00"), StringComparison.Ordinal)
        .Replace("MONEY_10", Money("10.0"), StringComparison.Ordinal)
        .Replace("MONEY_20", Money("20.00"), StringComparison.Ordinal)
        .Replace("MONEY_5", Money("5"), StringComparison.Ordinal);
}

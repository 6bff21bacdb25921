using System.Globalization;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Simulation;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Sandbox.Tests.Shopify;

public sealed class ShopifyGraphQlTests
{
    private const string OrdersPage = """
        query Orders($cursor: String, $search: String) {
          orders(first: 50, after: $cursor, sortKey: UPDATED_AT, query: $search) {
            edges {
              cursor
              node {
                id
                legacyResourceId
                name
                createdAt
                updatedAt
                cancelledAt
                currentTotalPriceSet { shopMoney { amount currencyCode } }
                customerJourneySummary { ready lastVisit { source utmParameters { source medium campaign content } } }
              }
            }
            pageInfo { hasNextPage endCursor }
          }
        }
        """;

    [Fact]
    public async Task Orders_PagingWithCursors_WalksEveryOrderOnce_WithGidsAndDecimalStrings()
    {
        await using var server = await StartAsync(hours: 72);

        var orders = await AllOrdersAsync(server, search: null);

        var expected = server.World.Orders().OrderBy(o => o.UpdatedAtUtc).ThenBy(o => o.Id).ToArray();
        Assert.True(expected.Length > 50, $"only {expected.Length} orders");
        Assert.Equal(expected.Select(o => o.Gid), orders.Select(o => o.GetProperty("id").GetString()));
        foreach (var (order, truth) in orders.Zip(expected))
        {
            var money = order.GetProperty("currentTotalPriceSet").GetProperty("shopMoney");
            Assert.Equal(JsonValueKind.String, money.GetProperty("amount").ValueKind);
            Assert.Equal(truth.CurrentTotal.Amount, decimal.Parse(money.GetProperty("amount").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal("USD", money.GetProperty("currencyCode").GetString());
            Assert.Equal(truth.Name, order.GetProperty("name").GetString());
            Assert.Equal(truth.CreatedAtUtc, DateTimeOffset.Parse(order.GetProperty("createdAt").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(truth.UpdatedAtUtc, DateTimeOffset.Parse(order.GetProperty("updatedAt").GetString()!, CultureInfo.InvariantCulture));
            Assert.Equal(truth.CancelledAtUtc is null, order.GetProperty("cancelledAt").ValueKind == JsonValueKind.Null);
            var visit = order.GetProperty("customerJourneySummary").GetProperty("lastVisit");
            if (truth.UtmAdSet is { } adSet)
            {
                Assert.Equal(adSet.ExternalId, visit.GetProperty("utmParameters").GetProperty("content").GetString());
            }
            else
            {
                Assert.Equal(JsonValueKind.Null, visit.ValueKind);
            }
        }
    }

    [Fact]
    public async Task Orders_UpdatedAtSearch_ReturnsOnlyLaterOrders()
    {
        await using var server = await StartAsync(hours: 48);
        var since = server.World.StartUtc.AddHours(30);

        var orders = await AllOrdersAsync(server, $"updated_at:>'{since:yyyy-MM-dd'T'HH:mm:ss'Z'}'");

        Assert.Equal(
            server.World.Orders().Where(o => o.UpdatedAtUtc > since).OrderBy(o => o.UpdatedAtUtc).ThenBy(o => o.Id).Select(o => o.Gid),
            orders.Select(o => o.GetProperty("id").GetString()));
    }

    [Fact]
    public async Task Orders_OnlyTheLast60DaysAreVisible()
    {
        await using var server = await StartAsync(hours: 62 * 24);
        var now = server.World.Clock.GetUtcNow();

        var (_, body) = await PostAsync(server, "{ orders(first: 1, sortKey: CREATED_AT) { nodes { id createdAt } } }");

        var first = body.GetProperty("data").GetProperty("orders").GetProperty("nodes")[0];
        var oldestVisible = server.World.Orders().First(o => o.CreatedAtUtc >= now.AddDays(-60));
        Assert.True(server.World.Orders()[0].CreatedAtUtc < now.AddDays(-60));
        Assert.Equal(oldestVisible.Gid, first.GetProperty("id").GetString());
    }

    [Fact]
    public async Task EveryAnswer_CarriesTheCostExtension()
    {
        await using var server = await StartAsync(hours: 24);

        var (status, body) = await PostAsync(server, "{ orders(first: 10) { edges { node { id totalPriceSet { shopMoney { amount } } } } pageInfo { hasNextPage } } }");

        Assert.Equal(200, status);
        var cost = body.GetProperty("extensions").GetProperty("cost");
        Assert.Equal(2 + (10 * 3) + 1, cost.GetProperty("requestedQueryCost").GetInt32());
        Assert.InRange(cost.GetProperty("actualQueryCost").GetInt32(), 3, cost.GetProperty("requestedQueryCost").GetInt32());
        var throttle = cost.GetProperty("throttleStatus");
        Assert.Equal(2000.0, throttle.GetProperty("maximumAvailable").GetDouble());
        Assert.Equal(100.0, throttle.GetProperty("restoreRate").GetDouble());
        Assert.Equal(2000 - cost.GetProperty("actualQueryCost").GetInt32(), throttle.GetProperty("currentlyAvailable").GetInt32());
    }

    [Fact]
    public async Task CostlierThanTheBucket_IsThrottledWithoutData_UntilItRefills()
    {
        var time = new FakeTimeProvider();
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, time);
        server.World.Advance(7 * 24);
        const string Heavy = "{ orders(first: 250) { nodes { id totalPriceSet { shopMoney { amount } } currentTotalPriceSet { shopMoney { amount } } } } }";
        const string Small = "{ orders(first: 5) { nodes { id } } }";

        var (firstStatus, first) = await PostAsync(server, Heavy);
        var (_, second) = await PostAsync(server, Heavy);
        var (_, stillOk) = await PostAsync(server, Small);
        time.Advance(TimeSpan.FromSeconds(20));
        var (_, refilled) = await PostAsync(server, Heavy);

        Assert.Equal(200, firstStatus);
        Assert.Equal(250, first.GetProperty("data").GetProperty("orders").GetProperty("nodes").GetArrayLength()); // the bucket is left with 2000 - 1252
        Assert.Equal(2 + (250 * 5), first.GetProperty("extensions").GetProperty("cost").GetProperty("requestedQueryCost").GetInt32());
        Assert.False(second.TryGetProperty("data", out _));
        var error = second.GetProperty("errors")[0];
        Assert.Equal("Throttled", error.GetProperty("message").GetString());
        Assert.Equal("THROTTLED", error.GetProperty("extensions").GetProperty("code").GetString());
        Assert.Equal(JsonValueKind.Null, second.GetProperty("extensions").GetProperty("cost").GetProperty("actualQueryCost").ValueKind);
        Assert.True(stillOk.TryGetProperty("data", out _));
        Assert.True(refilled.TryGetProperty("data", out _));
    }

    [Theory]
    [InlineData("", 401)]
    [InlineData("shpat_0000", 401)]
    public async Task WrongToken_Is401WithShopifysErrorString(string token, int expected)
    {
        await using var server = await StartAsync(hours: 0);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.ShopifyBaseUrl, "admin/api/2026-01/graphql.json"))
        {
            Content = JsonContent.Create(new { query = "{ shop { name } }" }),
        };
        if (token.Length > 0)
        {
            request.Headers.Add("X-Shopify-Access-Token", token);
        }

        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(expected, (int)response.StatusCode);
        Assert.StartsWith("[API] Invalid API key or access token", body.RootElement.GetProperty("errors").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("{ orders(first: 5) { nodes { id bogus } } }", "Field 'bogus' doesn't exist on type 'Order'")]
    [InlineData("{ customers(first: 5) { nodes { id } } }", "Field 'customers' doesn't exist on type 'QueryRoot'")]
    [InlineData("{ orders { nodes { id } } }", "you must provide one of first or last")]
    [InlineData("{ orders(first: 251) { nodes { id } } }", "first must be from 1 to 250")]
    [InlineData("{ orders(first: 5, after: \"nope\") { nodes { id } } }", "Invalid cursor")]
    [InlineData("{ orders(first: 5 { nodes { id } } }", "Parse error")]
    [InlineData("mutation { orderCancel(orderId: \"x\") { job { id } } }", "queries only")]
    public async Task BadQueries_AnswerGraphQlErrorsWithTheCostExtension(string query, string message)
    {
        await using var server = await StartAsync(hours: 2);

        var (status, body) = await PostAsync(server, query);

        Assert.Equal(200, status);
        Assert.False(body.TryGetProperty("data", out _));
        var error = body.GetProperty("errors")[0];
        Assert.Contains(message, error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.True(error.GetProperty("locations")[0].GetProperty("line").GetInt32() >= 1);
        Assert.True(body.GetProperty("extensions").TryGetProperty("cost", out _));
    }

    [Fact]
    public async Task BodyWithoutQuery_Is400()
    {
        await using var server = await StartAsync(hours: 0);
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.ShopifyBaseUrl, "admin/api/2026-01/graphql.json"))
        {
            Content = JsonContent.Create(new { variables = new { } }),
        };
        request.Headers.Add("X-Shopify-Access-Token", server.Credentials.ShopifyAdminToken);

        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal(400, (int)response.StatusCode);
    }

    private static async Task<List<JsonElement>> AllOrdersAsync(SandboxServer server, string? search)
    {
        var orders = new List<JsonElement>();
        string? cursor = null;
        var hasNext = true;
        while (hasNext)
        {
            var variables = new JsonObject { ["cursor"] = cursor, ["search"] = search };
            var (status, body) = await PostAsync(server, OrdersPage, variables);
            Assert.Equal(200, status);
            var connection = body.GetProperty("data").GetProperty("orders");
            var edges = connection.GetProperty("edges").EnumerateArray().ToArray();
            Assert.InRange(edges.Length, 0, 50);
            orders.AddRange(edges.Select(e => e.GetProperty("node")));
            hasNext = connection.GetProperty("pageInfo").GetProperty("hasNextPage").GetBoolean();
            cursor = connection.GetProperty("pageInfo").GetProperty("endCursor").GetString();
        }

        return orders;
    }

    private static async Task<(int Status, JsonElement Body)> PostAsync(SandboxServer server, string query, JsonObject? variables = null)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.ShopifyBaseUrl, "admin/api/2026-01/graphql.json"))
        {
            Content = new StringContent(new JsonObject { ["query"] = query, ["variables"] = variables ?? [] }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("X-Shopify-Access-Token", server.Credentials.ShopifyAdminToken);
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return ((int)response.StatusCode, body.RootElement.Clone());
    }

    private static async Task<SandboxServer> StartAsync(int hours)
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        if (hours > 0)
        {
            server.World.Advance(hours);
        }

        return server;
    }
}

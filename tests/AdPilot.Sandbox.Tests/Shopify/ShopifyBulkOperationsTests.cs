using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Shopify;

public sealed class ShopifyBulkOperationsTests
{
    private const string Run = """
        mutation Run($q: String!) {
          bulkOperationRunQuery(query: $q) { bulkOperation { id status } userErrors { field message code } }
        }
        """;

    [Fact]
    public async Task BulkOperation_RunsToCompletion_AndItsJsonlHoldsEveryOrderWithItsLineItemsAsChildLines()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        server.World.Advance(3 * 24);
        const string Inner = """
            { orders(query: "updated_at:>='2000-01-01T00:00:00Z'") { edges { node { id currentTotalPriceSet { shopMoney { amount } }
              lineItems { edges { node { id quantity originalUnitPriceSet { shopMoney { amount } } } } } } } } }
            """;

        var (_, started) = await ShopifyGraphQl.PostAsync(server, Run, new JsonObject { ["q"] = Inner });
        var run = started.GetProperty("data").GetProperty("bulkOperationRunQuery");
        Assert.Empty(run.GetProperty("userErrors").EnumerateArray());
        Assert.Equal("CREATED", run.GetProperty("bulkOperation").GetProperty("status").GetString());
        var statuses = new List<string>();
        string? url = null;
        while (url is null && statuses.Count < 1_000)
        {
            var (_, polled) = await ShopifyGraphQl.PostAsync(server, "{ currentBulkOperation { id status objectCount rootObjectCount url } }");
            var operation = polled.GetProperty("data").GetProperty("currentBulkOperation");
            statuses.Add(operation.GetProperty("status").GetString()!);
            url = operation.GetProperty("url").GetString();
            if (url is null)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(10), TimeProvider.System, TestContext.Current.CancellationToken);
            }
        }

        // The query runs in the background: RUNNING from the first poll until it has finished.
        Assert.Equal("RUNNING", statuses[0]);
        Assert.Equal("COMPLETED", statuses[^1]);
        Assert.All(statuses[..^1], s => Assert.Equal("RUNNING", s));
        var lines = (await TestHttp.Client.GetStringAsync(new Uri(url!), TestContext.Current.CancellationToken))
            .Split('\n', StringSplitOptions.RemoveEmptyEntries)
            .Select(l => JsonDocument.Parse(l).RootElement.Clone())
            .ToArray();
        var orders = server.World.Orders();
        var roots = lines.Where(l => !l.TryGetProperty("__parentId", out _)).ToArray();
        Assert.Equal(orders.Select(o => o.Gid).Order(), roots.Select(r => r.GetProperty("id").GetString()!).Order());
        Assert.All(roots, r => Assert.False(r.TryGetProperty("lineItems", out _)));
        var children = lines.Where(l => l.TryGetProperty("__parentId", out _)).ToLookup(l => l.GetProperty("__parentId").GetString()!);
        Assert.All(orders, o => Assert.Equal(
            o.Total.Amount + o.TotalDiscounts.Amount,
            children[o.Gid].Sum(l => decimal.Parse(l.GetProperty("originalUnitPriceSet").GetProperty("shopMoney").GetProperty("amount").GetString()!, CultureInfo.InvariantCulture) * l.GetProperty("quantity").GetInt32())));

        using var unsigned = await TestHttp.Client.GetAsync(new Uri(new Uri(url!).GetLeftPart(UriPartial.Path)), TestContext.Current.CancellationToken);
        Assert.Equal(403, (int)unsigned.StatusCode);
    }

    [Fact]
    public async Task BulkOperation_MoreThanFiveRunning_IsRefusedWithAUserError()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        server.World.Advance(2);
        static JsonObject Variables() => new() { ["q"] = "{ orders { edges { node { id } } } }" };

        for (var i = 0; i < 5; i++)
        {
            var (_, ok) = await ShopifyGraphQl.PostAsync(server, Run, Variables());
            Assert.Empty(ok.GetProperty("data").GetProperty("bulkOperationRunQuery").GetProperty("userErrors").EnumerateArray());
        }

        var (_, refused) = await ShopifyGraphQl.PostAsync(server, Run, Variables());

        var run = refused.GetProperty("data").GetProperty("bulkOperationRunQuery");
        Assert.Equal(JsonValueKind.Null, run.GetProperty("bulkOperation").ValueKind);
        Assert.Equal("LIMIT_REACHED", run.GetProperty("userErrors")[0].GetProperty("code").GetString());
    }

    [Theory]
    [InlineData("{ shop { name } }")]
    [InlineData("{ orders { edges { node { id bogus } } } }")]
    [InlineData("{ orders { edges { node { id }")]
    public async Task BulkOperation_QueryTheSandboxCannotRun_IsAUserError(string query)
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        server.World.Advance(24);

        var (_, body) = await ShopifyGraphQl.PostAsync(server, Run, new JsonObject { ["q"] = query });

        var run = body.GetProperty("data").GetProperty("bulkOperationRunQuery");
        Assert.Equal(JsonValueKind.Null, run.GetProperty("bulkOperation").ValueKind);
        Assert.Equal("INVALID", run.GetProperty("userErrors")[0].GetProperty("code").GetString());
    }

    [Fact]
    public async Task Mutation_OtherThanBulkOperationRunQuery_IsAGraphQlError()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);

        var (_, body) = await ShopifyGraphQl.PostAsync(server, "mutation { orderCancel(orderId: \"x\") { job { id } } }");

        Assert.False(body.TryGetProperty("data", out _));
        Assert.Contains("bulkOperationRunQuery", body.GetProperty("errors")[0].GetProperty("message").GetString(), StringComparison.Ordinal);
    }
}

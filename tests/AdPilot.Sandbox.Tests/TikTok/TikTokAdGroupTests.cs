using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.TikTok;

public sealed class TikTokAdGroupTests
{
    [Fact]
    public async Task Get_ListsEveryTikTokAdGroupWithItsDailyBudgetInMajorUnits()
    {
        await using var server = await StartAsync();
        var expected = server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok).ToArray();

        var (code, data) = await GetAsync(server, $"adgroup/get/?advertiser_id={server.TikTokAdvertiserIds[0]}&page_size=1000");

        Assert.Equal(0, code);
        var list = data.GetProperty("list").EnumerateArray().ToArray();
        Assert.Equal(expected.Select(a => a.Ref.ExternalId), list.Select(g => g.GetProperty("adgroup_id").GetString()));
        Assert.All(list.Zip(expected), p =>
        {
            Assert.Equal("BUDGET_MODE_DAY", p.First.GetProperty("budget_mode").GetString());
            Assert.Equal(server.World.SettingsOf(p.Second.Index).DailyBudget, p.First.GetProperty("budget").GetDecimal());
            Assert.Equal("ENABLE", p.First.GetProperty("operation_status").GetString());
        });
        Assert.Equal(expected.Length, data.GetProperty("page_info").GetProperty("total_number").GetInt32());
    }

    [Fact]
    public async Task Get_FilteredByIds_GivesOnlyThose()
    {
        await using var server = await StartAsync();
        var id = server.World.AdSets.Last(a => a.Ref.Platform == Platform.TikTok).Ref.ExternalId;

        var (_, data) = await GetAsync(server, $"adgroup/get/?advertiser_id={server.TikTokAdvertiserIds[0]}&filtering={Uri.EscapeDataString($"{{\"adgroup_ids\":[\"{id}\"]}}")}");

        Assert.Equal(id, Assert.Single(data.GetProperty("list").EnumerateArray()).GetProperty("adgroup_id").GetString());
    }

    [Fact]
    public async Task BudgetUpdate_ChangesTheWorldsNextHour()
    {
        await using var server = await StartAsync();
        var twin = new SandboxWorld(DefaultFamily.Preset());
        server.World.Advance(10);
        twin.Advance(10);
        var group = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);

        var (code, _) = await PostAsync(server, "adgroup/budget/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["budget"] = new JsonArray(new JsonObject { ["adgroup_id"] = group.Ref.ExternalId, ["budget"] = group.MaxDailyBudget }),
        });
        server.World.Advance(1);
        twin.Advance(1);

        Assert.Equal(0, code);
        var hour = server.World.Clock.GetUtcNow().AddHours(-1);
        var changed = server.World.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == group.Index);
        var unchanged = twin.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == group.Index);
        Assert.Equal(group.MaxDailyBudget, changed.DailyBudget.Amount);
        Assert.True(changed.Spend.Amount > unchanged.Spend.Amount);
    }

    [Fact]
    public async Task BudgetUpdate_OneBadItem_Is40002AndChangesNone()
    {
        await using var server = await StartAsync();
        var groups = server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok).Take(2).ToArray();
        var before = groups.Select(g => server.World.SettingsOf(g.Index)).ToArray();

        var (code, _) = await PostAsync(server, "adgroup/budget/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["budget"] = new JsonArray(
                new JsonObject { ["adgroup_id"] = groups[0].Ref.ExternalId, ["budget"] = groups[0].MaxDailyBudget },
                new JsonObject { ["adgroup_id"] = groups[1].Ref.ExternalId, ["budget"] = groups[1].MaxDailyBudget + 1 }),
        });

        Assert.Equal(40002, code);
        Assert.Equal(before, groups.Select(g => server.World.SettingsOf(g.Index)));
    }

    [Fact]
    public async Task StatusUpdate_Disable_StopsSpendNextHour()
    {
        await using var server = await StartAsync();
        server.World.Advance(10);
        var group = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);

        var (code, data) = await PostAsync(server, "adgroup/status/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["adgroup_ids"] = new JsonArray(group.Ref.ExternalId),
            ["operation_status"] = "DISABLE",
        });
        server.World.Advance(1);

        Assert.Equal(0, code);
        Assert.Equal(group.Ref.ExternalId, data.GetProperty("adgroup_ids")[0].GetString());
        var hour = server.World.Clock.GetUtcNow().AddHours(-1);
        Assert.Equal(0m, server.World.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == group.Index).Spend.Amount);
    }

    [Fact]
    public async Task Post_WithoutToken_Is40104AndChangesNothing()
    {
        await using var server = await StartAsync();
        var group = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);
        var before = server.World.SettingsOf(group.Index);
        using var content = new StringContent(
            $"{{\"advertiser_id\":\"{server.TikTokAdvertiserIds[0]}\",\"adgroup_ids\":[\"{group.Ref.ExternalId}\"],\"operation_status\":\"DISABLE\"}}", Encoding.UTF8, "application/json");

        using var response = await TestHttp.Client.PostAsync(new Uri(server.TikTokBaseUrl, "adgroup/status/update/"), content, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(40104, body.RootElement.GetProperty("code").GetInt32());
        Assert.Equal(before, server.World.SettingsOf(group.Index));
    }

    [Theory]
    [InlineData("conversion_bid_price", BidStrategyKind.CostCap)]
    [InlineData("bid_price", BidStrategyKind.BidCap)]
    public async Task BidUpdate_Custom_SetsTheCapAndReadsBackInTheSameField(string field, BidStrategyKind kind)
    {
        await using var server = await StartAsync();
        var group = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);

        var (code, _) = await PostAsync(server, "adgroup/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["adgroup_id"] = group.Ref.ExternalId,
            ["bid_type"] = "BID_TYPE_CUSTOM",
            [field] = 12.5m,
        });

        Assert.Equal(0, code);
        Assert.Equal(new BidStrategy(kind, 12.5m), server.World.SettingsOf(group.Index).Bid);
        var (_, data) = await GetAsync(server, $"adgroup/get/?advertiser_id={server.TikTokAdvertiserIds[0]}&page_size=1000");
        var read = data.GetProperty("list").EnumerateArray().Single(g => g.GetProperty("adgroup_id").GetString() == group.Ref.ExternalId);
        Assert.Equal("BID_TYPE_CUSTOM", read.GetProperty("bid_type").GetString());
        Assert.Equal(12.5m, read.GetProperty(field).GetDecimal());
    }

    [Theory]
    [InlineData("""{"bid_type":"BID_TYPE_CUSTOM","bid_price":3,"conversion_bid_price":4}""", "exactly one of")]
    [InlineData("""{"bid_type":"BID_TYPE_CUSTOM"}""", "exactly one of")]
    [InlineData("""{"bid_type":"BID_TYPE_NO_BID","bid_price":3}""", "takes no bid_price")]
    [InlineData("""{"bid_type":"BID_TYPE_SMART"}""", "bid_type: must be")]
    [InlineData("""{"bid_type":"BID_TYPE_NO_BID","pacing":"PACING_MODE_FAST"}""", "pacing:")]
    public async Task BidUpdate_Invalid_Is40002NamingTheFieldAndChangesNothing(string fields, string expected)
    {
        await using var server = await StartAsync();
        var group = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);
        var before = server.World.SettingsOf(group.Index);
        var body = JsonNode.Parse(fields)!.AsObject();
        body["advertiser_id"] = server.TikTokAdvertiserIds[0];
        body["adgroup_id"] = group.Ref.ExternalId;

        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.TikTokBaseUrl, "adgroup/update/"))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var answer = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(40002, answer.RootElement.GetProperty("code").GetInt32());
        Assert.Contains(expected, answer.RootElement.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, server.World.SettingsOf(group.Index));
    }

    private static async Task<(int Code, JsonElement Data)> GetAsync(SandboxServer server, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.TikTokBaseUrl, pathAndQuery));
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        return await SendAsync(request);
    }

    private static async Task<(int Code, JsonElement Data)> PostAsync(SandboxServer server, string path, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.TikTokBaseUrl, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        return await SendAsync(request);
    }

    private static async Task<(int Code, JsonElement Data)> SendAsync(HttpRequestMessage request)
    {
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("request_id").GetString()));
        return (body.RootElement.GetProperty("code").GetInt32(), body.RootElement.GetProperty("data").Clone());
    }

    private static Task<SandboxServer> StartAsync() => SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
}

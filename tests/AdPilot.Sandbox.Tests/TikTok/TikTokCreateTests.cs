using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.TikTok;

/// <summary><c>POST adgroup/create/</c> and <c>POST ad/create/</c>, and the sandbox's rule for a created ad group's market.</summary>
public sealed class TikTokCreateTests
{
    [Fact]
    public async Task CreateThenAds_TheAdGroupSharesTheMarketOfTheAdGroupWhoseCreativesItsAdsReuse()
    {
        await using var server = await StartAsync();
        var advertiser = server.TikTokAdvertiserIds[0];
        var groups = server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok).ToArray();
        var source = groups[1];
        var count = server.World.AdSets.Count;

        var (code, _, data) = await PostAsync(server, "adgroup/create/", CreateBody(server, source, budget: source.MinDailyBudget));

        Assert.Equal(0, code);
        var id = data.GetProperty("adgroup_id").GetString()!;
        var group = server.World.AdSets[count];
        Assert.Equal(id, group.Ref.ExternalId);
        Assert.Equal(groups[0].Index, group.CopyOf); // provisional: the advertiser's first ad group, until ads say otherwise
        Assert.Empty(server.World.AdsOf(group.Index));

        var (_, _, listed) = await GetAsync(server, $"adgroup/get/?advertiser_id={advertiser}&filtering={Uri.EscapeDataString($"{{\"adgroup_ids\":[\"{id}\"]}}")}");
        var row = Assert.Single(listed.GetProperty("list").EnumerateArray());
        Assert.Equal("exp-2 B", row.GetProperty("adgroup_name").GetString());
        Assert.Equal(source.MinDailyBudget, row.GetProperty("budget").GetDecimal());
        Assert.Equal(["AGE_25_34"], row.GetProperty("age_groups").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal(["11", "17"], row.GetProperty("interest_category_ids").EnumerateArray().Select(a => a.GetString()));
        Assert.Equal("ENABLE", row.GetProperty("operation_status").GetString());
        Assert.Equal(BidStrategy.CostCap(9.5m), server.World.SettingsOf(group.Index).Bid);

        var (_, _, ads) = await GetAsync(server, $"ad/get/?advertiser_id={advertiser}&filtering={Uri.EscapeDataString($"{{\"adgroup_ids\":[\"{source.Ref.ExternalId}\"]}}")}");
        var sourceAds = ads.GetProperty("list").EnumerateArray().Take(2).ToArray();
        var creatives = new JsonArray([.. sourceAds.Select(a => (JsonNode)new JsonObject
        {
            ["ad_name"] = a.GetProperty("ad_name").GetString(),
            ["ad_format"] = a.GetProperty("ad_format").GetString(),
            ["video_id"] = a.GetProperty("video_id").GetString(),
            ["identity_id"] = a.GetProperty("identity_id").GetString(),
            ["identity_type"] = a.GetProperty("identity_type").GetString(),
            ["ad_text"] = a.GetProperty("ad_text").GetString(),
        })]);

        var (adCode, _, made) = await PostAsync(server, "ad/create/", new JsonObject
        {
            ["advertiser_id"] = advertiser, ["adgroup_id"] = id, ["operation_status"] = "DISABLE", ["creatives"] = creatives,
        });

        Assert.Equal(0, adCode);
        Assert.Equal(source.Index, server.World.AdSets[group.Index].CopyOf);
        var newAds = server.World.AdsOf(group.Index);
        Assert.Equal(made.GetProperty("ad_ids").EnumerateArray().Select(a => a.GetString()), newAds.Select(a => a.Id));
        Assert.Equal(sourceAds.Select(a => a.GetProperty("ad_name").GetString()), newAds.Select(a => a.Name));
        Assert.Equal(
            sourceAds.Select(a => server.World.FindAd(Platform.TikTok, a.GetProperty("ad_id").GetString())!.Type),
            newAds.Select(a => a.Type));
        Assert.All(newAds, a => Assert.Equal(AdSetStatus.Paused, server.World.AdStatusOf(a.Index)));
    }

    [Theory]
    [InlineData("campaign_id", "\"1\"", "campaign_id")]
    [InlineData("budget_mode", "\"BUDGET_MODE_TOTAL\"", "budget_mode")]
    [InlineData("budget", "0.5", "budget")]
    [InlineData("age_groups", "[\"AGE_30_40\"]", "age_groups")]
    [InlineData("interest_category_ids", "[\"999\"]", "999")]
    [InlineData("location_ids", "[]", "location_ids")]
    [InlineData("placement_type", "\"PLACEMENT_TYPE_NORMAL\"", "placements")]
    [InlineData("operation_status", "\"LIVE\"", "operation_status")]
    [InlineData("bid_type", "\"BID_TYPE_CUSTOM\"", "bid_type")]
    [InlineData("deep_bid_type", "\"X\"", "deep_bid_type")]
    public async Task Create_BadField_Refuses40002NamingItAndCreatesNothing(string field, string json, string named)
    {
        await using var server = await StartAsync();
        var source = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);
        var count = server.World.AdSets.Count;
        var body = CreateBody(server, source, source.MinDailyBudget);
        body[field] = JsonNode.Parse(json);
        if (field == "bid_type")
        {
            body.Remove("conversion_bid_price");
        }

        var (code, message, _) = await PostAsync(server, "adgroup/create/", body);

        Assert.Equal(40002, code);
        Assert.Contains(named, message, StringComparison.Ordinal);
        Assert.Equal(count, server.World.AdSets.Count);
    }

    [Fact]
    public async Task CreateAd_UnknownVideo_Refuses40002AndAddsNoAd()
    {
        await using var server = await StartAsync();
        var source = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);
        var (_, _, data) = await PostAsync(server, "adgroup/create/", CreateBody(server, source, source.MinDailyBudget));
        var id = data.GetProperty("adgroup_id").GetString();
        var ads = server.World.Ads.Count;

        var (code, message, _) = await PostAsync(server, "ad/create/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["adgroup_id"] = id,
            ["creatives"] = new JsonArray(new JsonObject
            {
                ["ad_name"] = "x", ["ad_format"] = "SINGLE_VIDEO", ["video_id"] = "v404", ["identity_id"] = "7" + server.TikTokAdvertiserIds[0][1..],
                ["identity_type"] = "CUSTOMIZED_USER", ["ad_text"] = "t",
            }),
        });

        Assert.Equal(40002, code);
        Assert.Contains("v404", message, StringComparison.Ordinal);
        Assert.Equal(ads, server.World.Ads.Count);
    }

    private static JsonObject CreateBody(SandboxServer server, SandboxAdSet source, decimal budget) => new()
    {
        ["advertiser_id"] = server.TikTokAdvertiserIds[0],
        ["campaign_id"] = "18" + server.TikTokAdvertiserIds[0][2..],
        ["adgroup_name"] = "exp-2 B",
        ["placement_type"] = "PLACEMENT_TYPE_AUTOMATIC",
        ["location_ids"] = new JsonArray("6252001"),
        ["budget_mode"] = "BUDGET_MODE_DAY",
        ["budget"] = budget,
        ["schedule_type"] = "SCHEDULE_FROM_NOW",
        ["optimization_goal"] = "CONVERT",
        ["billing_event"] = "OCPM",
        ["bid_type"] = "BID_TYPE_CUSTOM",
        ["conversion_bid_price"] = 9.5m,
        ["age_groups"] = new JsonArray("AGE_25_34"),
        ["interest_category_ids"] = new JsonArray("11", "17"),
    };

    private static async Task<(int Code, string Message, JsonElement Data)> GetAsync(SandboxServer server, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.TikTokBaseUrl, pathAndQuery));
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        return await SendAsync(request);
    }

    private static async Task<(int Code, string Message, JsonElement Data)> PostAsync(SandboxServer server, string path, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.TikTokBaseUrl, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        return await SendAsync(request);
    }

    private static async Task<(int Code, string Message, JsonElement Data)> SendAsync(HttpRequestMessage request)
    {
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var root = body.RootElement;
        return (root.GetProperty("code").GetInt32(), root.GetProperty("message").GetString()!, root.GetProperty("data").Clone());
    }

    private static Task<SandboxServer> StartAsync() => SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
}

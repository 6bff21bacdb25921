using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Tests.Meta;

namespace AdPilot.Sandbox.Tests.Accounts;

/// <summary>A sandbox serving two Meta ad accounts and two TikTok advertisers, over real loopback HTTP.</summary>
public sealed class MultiAccountTests
{
    private static readonly string Day = DefaultFamily.Preset().StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public void AccountIds_IndexZeroIsTodaysId_AndIndexesNeverCollide()
    {
        ulong[] seeds = [0, 1, 42, 999_999_999_999_999, 1_000_000_000_000_000, ulong.MaxValue];
        foreach (var seed in seeds)
        {
            Assert.Equal(SandboxAccountIds.Meta(seed), SandboxAccountIds.Meta(seed, 0));
            Assert.Equal(SandboxAccountIds.TikTok(seed), SandboxAccountIds.TikTok(seed, 0));
            Assert.Equal(SandboxAccountIds.Meta(seed), SandboxAccountIds.For(Platform.Instagram, seed, 0));
            var meta = Enumerable.Range(0, 1000).Select(i => SandboxAccountIds.Meta(seed, i)).ToArray();
            var tiktok = Enumerable.Range(0, 1000).Select(i => SandboxAccountIds.TikTok(seed, i)).ToArray();
            Assert.Equal(meta.Length, meta.Distinct().Count());
            Assert.Equal(tiktok.Length, tiktok.Distinct().Count());
            Assert.All(meta, id => Assert.Equal(15, id.Length));
            Assert.All(tiktok, id => Assert.Equal(19, id.Length));
        }

        // the formulas of a one-account sandbox, unchanged
        Assert.Equal("100000000000042", SandboxAccountIds.Meta(42));
        Assert.Equal("7000000000000000042", SandboxAccountIds.TikTok(42));
    }

    [Fact]
    public async Task OneAccount_ServesTheSameIdsAsBefore()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        var seed = server.World.Scenario.Seed;

        Assert.Equal(["act_" + SandboxAccountIds.Meta(seed)], server.Meta.AccountIds);
        Assert.Equal("act_" + SandboxAccountIds.Meta(seed), server.Meta.AccountId);
        Assert.Equal([SandboxAccountIds.TikTok(seed)], server.TikTokAdvertiserIds);
        Assert.Equal(server.Meta.AdSets, server.Meta.AdSetsOf(server.Meta.AccountId));
    }

    [Fact]
    public void Deal_GivesTheKthAdSetOfAPlatformToAccountKModN()
    {
        var world = new SandboxWorld(DefaultFamily.Preset());
        foreach (var platform in new[] { Platform.Instagram, Platform.TikTok })
        {
            var all = world.AdSets.Where(a => a.Ref.Platform == platform).ToArray();
            var dealt = SandboxAccountIds.Deal(world, platform, 3);

            Assert.Equal(3, dealt.Count);
            for (var k = 0; k < all.Length; k++)
            {
                Assert.Contains(all[k], dealt[k % 3]);
            }

            Assert.Equal(all.Length, dealt.Sum(d => d.Count));
        }
    }

    [Fact]
    public async Task Meta_EachAccountListsAndReportsExactlyItsOwnAdSets_AndTogetherAll()
    {
        await using var server = await StartAsync();
        var accounts = server.Meta.AccountIds;
        Assert.Equal(2, accounts.Count);
        Assert.Equal(server.Meta.AccountId, accounts[0]);
        Assert.NotEqual(accounts[0], accounts[1]);

        var listed = new List<string>();
        var reported = new List<string>();
        var runs = new List<string>();
        foreach (var account in accounts)
        {
            var own = server.Meta.AdSetsOf(account).Select(a => a.Ref.ExternalId).ToArray();
            Assert.NotEmpty(own);

            var (status, adSets) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, account + "/adsets", "fields=id,account_id,campaign_id&limit=500"));
            Assert.Equal(200, status);
            var rows = adSets.GetProperty("data").EnumerateArray().ToArray();
            Assert.Equal(own, rows.Select(r => r.GetProperty("id").GetString()));
            Assert.All(rows, r => Assert.Equal(account[4..], r.GetProperty("account_id").GetString()));
            Assert.Single(rows.Select(r => r.GetProperty("campaign_id").GetString()).Distinct());
            listed.AddRange(own);

            var (insightsStatus, insights) = await TestHttp.GetJsonAsync(MetaUrls.Signed(
                server, account + "/insights", $"level=adset&fields=account_id,adset_id,spend&limit=5000&{MetaUrls.TimeRange(DateOnly.Parse(Day, CultureInfo.InvariantCulture), DateOnly.Parse(Day, CultureInfo.InvariantCulture))}"));
            Assert.Equal(200, insightsStatus);
            var insightRows = insights.GetProperty("data").EnumerateArray().ToArray();
            Assert.All(insightRows, r => Assert.Equal(account[4..], r.GetProperty("account_id").GetString()));
            var ids = insightRows.Select(r => r.GetProperty("adset_id").GetString()!).ToArray();
            Assert.Equal(own.Order(), ids.Order());
            reported.AddRange(ids);

            var (_, node) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, account, "fields=id,account_id"));
            Assert.Equal(account, node.GetProperty("id").GetString());

            var (_, created) = await TestHttp.PostFormAsync(
                MetaUrls.Raw(server, account + "/insights", ""),
                [.. MetaUrls.Auth(server), new("level", "adset"), new("fields", "adset_id"), new("time_range", $"{{\"since\":\"{Day}\",\"until\":\"{Day}\"}}")]);
            var runId = created.GetProperty("report_run_id").GetString()!;
            var (_, poll) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, runId));
            Assert.Equal(account[4..], poll.GetProperty("account_id").GetString());
            await TestHttp.GetJsonAsync(MetaUrls.Signed(server, runId));
            var (_, runRows) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, runId + "/insights", "limit=5000"));
            Assert.Equal(own.Order(), runRows.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("adset_id").GetString()!).Order());
            runs.Add(runId);
        }

        var all = server.Meta.AdSets.Select(a => a.Ref.ExternalId).ToArray();
        Assert.Equal(all.Order(), listed.Order());
        Assert.Equal(all.Order(), reported.Order());
        Assert.NotEqual(runs[0], runs[1]);
    }

    [Fact]
    public async Task Meta_AdSetEndpointsWorkForEveryAccount_AndUsageNamesTheAdSetsAccount()
    {
        await using var server = await StartAsync();
        var second = server.Meta.AdSetsOf(server.Meta.AccountIds[1])[0];

        var (readStatus, read) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, second.Ref.ExternalId, "fields=id,account_id,campaign_id"));
        using var response = await TestHttp.Client.PostAsync(
            MetaUrls.Signed(server, second.Ref.ExternalId),
            new FormUrlEncodedContent([new("status", "PAUSED")]),
            TestContext.Current.CancellationToken);
        var batch = JsonSerializer.Serialize(new[] { new { method = "POST", relative_url = second.Ref.ExternalId, body = "status=ACTIVE" } });
        var (batchStatus, answers) = await TestHttp.PostFormAsync(MetaUrls.Raw(server, "", ""), [.. MetaUrls.Auth(server), new("batch", batch)]);

        Assert.Equal(200, readStatus);
        Assert.Equal(server.Meta.AccountIds[1][4..], read.GetProperty("account_id").GetString());
        Assert.Equal(server.Meta.CampaignIdOf(second), read.GetProperty("campaign_id").GetString());
        Assert.NotEqual(server.Meta.CampaignId, server.Meta.CampaignIdOf(second));
        Assert.Equal(200, (int)response.StatusCode);
        var usage = JsonDocument.Parse(response.Headers.GetValues("X-Business-Use-Case-Usage").Single()).RootElement;
        Assert.Equal([server.Meta.AccountIds[1][4..]], usage.EnumerateObject().Select(p => p.Name));
        Assert.Equal(200, batchStatus);
        Assert.Equal(200, answers[0].GetProperty("code").GetInt32());
        Assert.Equal(AdSetStatus.Active, server.World.SettingsOf(second.Index).Status);
    }

    [Fact]
    public async Task Meta_UnknownAccount_IsStillAnError()
    {
        await using var server = await StartAsync();

        var third = "act_" + SandboxAccountIds.Meta(server.World.Scenario.Seed, 2);

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, third + "/adsets"));

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task TikTok_EachAdvertiserListsAndReportsExactlyItsOwnAdGroups_AndTogetherAll()
    {
        await using var server = await StartAsync();
        Assert.Equal(2, server.TikTokAdvertiserIds.Count);
        var dealt = SandboxAccountIds.Deal(server.World, Platform.TikTok, 2);

        var listed = new List<string>();
        var reported = new List<string>();
        for (var i = 0; i < 2; i++)
        {
            var advertiser = server.TikTokAdvertiserIds[i];
            var own = dealt[i].Select(a => a.Ref.ExternalId).ToArray();
            Assert.NotEmpty(own);

            var (code, data) = await TikTokGetAsync(server, $"adgroup/get/?advertiser_id={advertiser}&page_size=1000");
            Assert.Equal(0, code);
            var list = data.GetProperty("list").EnumerateArray().ToArray();
            Assert.Equal(own, list.Select(g => g.GetProperty("adgroup_id").GetString()));
            Assert.All(list, g => Assert.Equal(advertiser, g.GetProperty("advertiser_id").GetString()));
            listed.AddRange(own);

            var (reportCode, report) = await TikTokGetAsync(
                server,
                $"report/integrated/get/?advertiser_id={advertiser}&report_type=BASIC&data_level=AUCTION_ADGROUP&service_type=AUCTION"
                + $"&dimensions={Uri.EscapeDataString("[\"adgroup_id\",\"stat_time_day\"]")}&start_date={Day}&end_date={Day}&page_size=1000");
            Assert.Equal(0, reportCode);
            var ids = report.GetProperty("list").EnumerateArray().Select(r => r.GetProperty("dimensions").GetProperty("adgroup_id").GetString()!).ToArray();
            Assert.Equal(own.Order(), ids.Order());
            reported.AddRange(ids);
        }

        var all = server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok).Select(a => a.Ref.ExternalId).ToArray();
        Assert.Equal(all.Order(), listed.Order());
        Assert.Equal(all.Order(), reported.Order());
    }

    [Fact]
    public async Task TikTok_UpdatingAnotherAdvertisersAdGroup_IsRefusedAsAnUnknownId_AndChangesNothing()
    {
        await using var server = await StartAsync();
        var dealt = SandboxAccountIds.Deal(server.World, Platform.TikTok, 2);
        var (mine, theirs) = (dealt[0][0], dealt[1][0]);
        var before = server.World.SettingsOf(theirs.Index);

        var (budgetCode, _) = await TikTokPostAsync(server, "adgroup/budget/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["budget"] = new JsonArray(new JsonObject { ["adgroup_id"] = theirs.Ref.ExternalId, ["budget"] = theirs.MaxDailyBudget }),
        });
        var (statusCode, _) = await TikTokPostAsync(server, "adgroup/status/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["adgroup_ids"] = new JsonArray(theirs.Ref.ExternalId),
            ["operation_status"] = "DISABLE",
        });
        var (bidCode, _) = await TikTokPostAsync(server, "adgroup/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["adgroup_id"] = theirs.Ref.ExternalId,
            ["bid_type"] = "BID_TYPE_CUSTOM",
            ["bid_price"] = 1.5m,
        });
        var (unknownCode, _) = await TikTokPostAsync(server, "adgroup/status/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[0],
            ["adgroup_ids"] = new JsonArray("1"),
            ["operation_status"] = "DISABLE",
        });
        var (ownCode, _) = await TikTokPostAsync(server, "adgroup/status/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[1],
            ["adgroup_ids"] = new JsonArray(theirs.Ref.ExternalId),
            ["operation_status"] = "DISABLE",
        });

        Assert.Equal(40002, budgetCode);
        Assert.Equal(40002, statusCode);
        Assert.Equal(40002, bidCode);
        Assert.Equal(unknownCode, statusCode);
        Assert.Equal(0, ownCode);
        Assert.Equal(before with { Status = AdSetStatus.Paused }, server.World.SettingsOf(theirs.Index));
        Assert.Equal(AdSetStatus.Active, server.World.SettingsOf(mine.Index).Status);
    }

    [Fact]
    public async Task TikTok_UnknownAdvertiser_IsRefused()
    {
        await using var server = await StartAsync();

        var third = SandboxAccountIds.TikTok(server.World.Scenario.Seed, 2); // a third advertiser is not served

        var (code, _) = await TikTokGetAsync(server, $"adgroup/get/?advertiser_id={third}");

        Assert.Equal(40002, code);
    }

    [Fact]
    public async Task Faults_ThrottleNamesTheRequestsAccountAndAdvertiser()
    {
        const string Faults = """
            {"seed": 1, "rules": [
              {"platform": "meta", "endpoint": "adsets", "fault": "throttle", "probability": 1},
              {"platform": "tiktok", "endpoint": "adgroup_update", "fault": "throttle", "probability": 1, "code": 40133}
            ]}
            """;
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, faults: AdPilot.Sandbox.Faults.SandboxFaults.Parse(Faults), accountsPerPlatform: 2);
        var account = server.Meta.AccountIds[1];

        using var meta = await TestHttp.Client.GetAsync(MetaUrls.Signed(server, account + "/adsets"), TestContext.Current.CancellationToken);
        var (_, tiktok) = await TikTokPostRawAsync(server, "adgroup/status/update/", new JsonObject
        {
            ["advertiser_id"] = server.TikTokAdvertiserIds[1],
            ["adgroup_ids"] = new JsonArray("1"),
            ["operation_status"] = "DISABLE",
        });

        Assert.Equal(400, (int)meta.StatusCode);
        var usage = JsonDocument.Parse(meta.Headers.GetValues("X-Business-Use-Case-Usage").Single()).RootElement;
        Assert.Equal([account[4..]], usage.EnumerateObject().Select(p => p.Name));
        Assert.Equal(40133, tiktok.GetProperty("code").GetInt32());
        Assert.Contains($"Advertiser ({server.TikTokAdvertiserIds[1]})", tiktok.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task SimulatedAdPlatform_DealsTheSameAccountsAsTheServer()
    {
        await using var server = await StartAsync();
        var platform = new SimulatedAdPlatform(server.World, Platform.TikTok, accounts: 2);

        Assert.Equal(server.TikTokAdvertiserIds, platform.Accounts.Select(a => a.AccountId));
        var dealt = SandboxAccountIds.Deal(server.World, Platform.TikTok, 2);
        for (var i = 0; i < 2; i++)
        {
            var adSets = await platform.GetAdSetsAsync(platform.Accounts[i], TestContext.Current.CancellationToken);
            Assert.Equal(dealt[i].Select(a => a.Ref), adSets.Select(a => a.AdSet));
        }

        var meta = new SimulatedAdPlatform(server.World, Platform.Instagram, accounts: 2);
        Assert.Equal(server.Meta.AccountIds.Select(a => a[4..]), meta.Accounts.Select(a => a.AccountId));
    }

    /// <summary>Two accounts per platform, a day of the world recorded.</summary>
    private static async Task<SandboxServer> StartAsync()
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, accountsPerPlatform: 2);
        server.World.Advance(24);
        return server;
    }

    private static async Task<(int Code, JsonElement Data)> TikTokGetAsync(SandboxServer server, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.TikTokBaseUrl, pathAndQuery));
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        var (_, body) = await SendAsync(request);
        return (body.GetProperty("code").GetInt32(), body.GetProperty("data"));
    }

    private static async Task<(int Code, JsonElement Data)> TikTokPostAsync(SandboxServer server, string path, JsonObject body)
    {
        var (_, answer) = await TikTokPostRawAsync(server, path, body);
        return (answer.GetProperty("code").GetInt32(), answer.GetProperty("data"));
    }

    private static async Task<(int Status, JsonElement Body)> TikTokPostRawAsync(SandboxServer server, string path, JsonObject body)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.TikTokBaseUrl, path))
        {
            Content = new StringContent(body.ToJsonString(), Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        return await SendAsync(request);
    }

    private static async Task<(int Status, JsonElement Body)> SendAsync(HttpRequestMessage request)
    {
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return ((int)response.StatusCode, body.RootElement.Clone());
    }
}

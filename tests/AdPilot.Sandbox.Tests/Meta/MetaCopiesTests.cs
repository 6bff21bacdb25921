using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Meta;

/// <summary><c>POST /{ad-set-id}/copies</c> and the <c>targeting</c> and <c>name</c> of ad set reads and updates.</summary>
public sealed class MetaCopiesTests
{
    [Fact]
    public async Task Copy_DeepOfMoreThanThreeObjects_Refuses1885194AndCopiesNothing()
    {
        await using var server = await StartAsync();
        var original = server.Meta.AdSets[0];
        var count = server.World.AdSets.Count;
        Assert.True(server.World.AdsOf(original.Index).Count > 2);

        var (status, body) = await CopyAsync(server, original.Ref.ExternalId, ("deep_copy", "true"));

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(1885194, body.GetProperty("error").GetProperty("error_subcode").GetInt32());
        Assert.Equal(count, server.World.AdSets.Count);
    }

    [Fact]
    public async Task CopyShallowThenAds_ThenDeepCopyOfTheResult_AnswerAsMetaAndListTheCopiesWithTheOriginalsTargeting()
    {
        await using var server = await StartAsync();
        var original = server.Meta.AdSets[0];
        var sourceAds = server.World.AdsOf(original.Index).Take(2).ToArray();
        server.World.ChangeAdStatus(sourceAds[1].Index, AdSetStatus.Active);

        var (status, body) = await CopyAsync(server, original.Ref.ExternalId, ("status_option", "ACTIVE"), ("rename_options", """{"rename_strategy":"NO_RENAME"}"""));
        Assert.Equal(200, status);
        var shallowId = body.GetProperty("copied_adset_id").GetString()!;
        var shallow = server.World.Find(Platform.Instagram, shallowId)!;
        Assert.Empty(server.World.AdsOf(shallow.Index));
        foreach (var ad in sourceAds)
        {
            var (adStatus, adBody) = await CopyAsync(server, ad.Id, ("adset_id", shallowId), ("status_option", "INHERITED_FROM_SOURCE"), ("rename_options", """{"rename_strategy":"NO_RENAME"}"""));
            Assert.Equal(200, adStatus);
            Assert.Equal(server.World.AdsOf(shallow.Index)[^1].Id, adBody.GetProperty("copied_ad_id").GetString());
        }

        var copiedAds = server.World.AdsOf(shallow.Index);
        Assert.Equal(sourceAds.Select(a => (a.Name, a.Type, a.CreativeId, server.World.AdStatusOf(a.Index))), copiedAds.Select(a => (a.Name, a.Type, a.CreativeId, server.World.AdStatusOf(a.Index))));

        var (deepStatus, deep) = await CopyAsync(server, shallowId, ("deep_copy", "true"), ("status_option", "INHERITED_FROM_SOURCE"));

        Assert.Equal(200, deepStatus);
        var copyId = deep.GetProperty("copied_adset_id").GetString()!;
        var copy = server.World.Find(Platform.Instagram, copyId)!;
        var objects = deep.GetProperty("ad_object_ids").EnumerateArray().ToArray();
        Assert.Equal(3, objects.Length);
        Assert.Equal(("ad_set", shallowId, copyId), (objects[0].GetProperty("ad_object_type").GetString(), objects[0].GetProperty("source_id").GetString(), objects[0].GetProperty("copied_id").GetString()));
        Assert.Equal(copiedAds.Select(a => a.Id), objects.Skip(1).Select(o => o.GetProperty("source_id").GetString()));
        Assert.Equal(server.World.AdsOf(copy.Index).Select(a => a.Id), objects.Skip(1).Select(o => o.GetProperty("copied_id").GetString()));
        Assert.All(objects.Skip(1), o => Assert.Equal("ad", o.GetProperty("ad_object_type").GetString()));
        Assert.Equal(original.Index, copy.CopyOf);

        var (_, list) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/adsets", "fields=id,name,status,targeting,daily_budget,campaign_id&limit=100"));
        var rows = list.GetProperty("data").EnumerateArray().ToDictionary(r => r.GetProperty("id").GetString()!);
        Assert.Equal(server.World.NameOf(original.Index), rows[shallowId].GetProperty("name").GetString());
        Assert.Equal(server.World.NameOf(original.Index) + " - Copy", rows[copyId].GetProperty("name").GetString());
        Assert.Equal("ACTIVE", rows[copyId].GetProperty("status").GetString());
        Assert.Equal(rows[original.Ref.ExternalId].GetProperty("daily_budget").GetString(), rows[copyId].GetProperty("daily_budget").GetString());
        Assert.Equal(server.Meta.CampaignId, rows[copyId].GetProperty("campaign_id").GetString());
        Assert.Equal(rows[original.Ref.ExternalId].GetProperty("targeting").GetRawText(), rows[copyId].GetProperty("targeting").GetRawText());
        Assert.True(rows[copyId].GetProperty("targeting").TryGetProperty("age_min", out _));
    }

    [Fact]
    public async Task Batch_UpdateOfACopy_ChangesTheCopysBudgetAndStatus()
    {
        await using var server = await StartAsync();
        var original = server.Meta.AdSets[0];
        var (_, body) = await CopyAsync(server, original.Ref.ExternalId);
        var copy = server.World.Find(Platform.Instagram, body.GetProperty("copied_adset_id").GetString()!)!;
        var minor = (long)(original.MinDailyBudget * 100);
        var batch = new JsonArray(new JsonObject
        {
            ["method"] = "POST", ["relative_url"] = copy.Ref.ExternalId, ["body"] = $"daily_budget={minor}&status=ACTIVE",
        }).ToJsonString();

        var (status, answers) = await TestHttp.PostFormAsync(
            new Uri(server.MetaBaseUrl, "v25.0/"), [.. MetaUrls.Auth(server), new("batch", batch), new("include_headers", "false")]);

        Assert.Equal(200, status);
        Assert.Equal(200, Assert.Single(answers.EnumerateArray()).GetProperty("code").GetInt32());
        Assert.Equal(new AdSetSettings(original.MinDailyBudget, AdSetStatus.Active, server.World.SettingsOf(original.Index).Bid), server.World.SettingsOf(copy.Index));
    }

    [Fact]
    public async Task CopyAd_IntoAnotherAccountsAdSetOrWithABadStatus_Refuses100()
    {
        await using var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, accountsPerPlatform: 2);
        var first = server.Meta.AdSetsOf(server.Meta.AccountIds[0])[0];
        var other = server.Meta.AdSetsOf(server.Meta.AccountIds[1])[0];
        var ad = server.World.AdsOf(first.Index)[0];
        var ads = server.World.Ads.Count;

        var (status, body) = await CopyAsync(server, ad.Id, ("adset_id", other.Ref.ExternalId));
        var (badStatus, _) = await CopyAsync(server, ad.Id, ("status_option", "ON"));

        Assert.Equal(400, status);
        Assert.Contains("adset_id", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(400, badStatus);
        Assert.Equal(ads, server.World.Ads.Count);
    }

    [Fact]
    public async Task Copy_ShallowWithRename_HasNoAdsAndThePrefixedNameAndIsPaused()
    {
        await using var server = await StartAsync();
        var original = server.Meta.AdSets[1];

        var (status, body) = await CopyAsync(server, original.Ref.ExternalId, ("rename_options", """{"rename_strategy":"ONLY_TOP_LEVEL_RENAME","rename_prefix":"[B] "}"""));

        Assert.Equal(200, status);
        var copy = server.World.Find(Platform.Instagram, body.GetProperty("copied_adset_id").GetString()!)!;
        Assert.Single(body.GetProperty("ad_object_ids").EnumerateArray());
        Assert.Empty(server.World.AdsOf(copy.Index));
        Assert.Equal("[B] " + server.World.NameOf(original.Index), server.World.NameOf(copy.Index));
        Assert.Equal(AdSetStatus.Paused, server.World.SettingsOf(copy.Index).Status);
    }

    [Theory]
    [InlineData("status_option", "LIVE", "status_option")]
    [InlineData("deep_copy", "yes", "deep_copy")]
    [InlineData("rename_options", "{\"rename_strategy\":\"SHOUT\"}", "rename_strategy")]
    [InlineData("rename_options", "not json", "rename_options")]
    [InlineData("campaign_id", "999", "campaign_id")]
    [InlineData("start_time", "2026-01-01", "start_time")]
    public async Task Copy_BadParameter_Refuses100NamingItAndCopiesNothing(string name, string value, string named)
    {
        await using var server = await StartAsync();
        var count = server.World.AdSets.Count;

        var (status, body) = await CopyAsync(server, server.Meta.AdSets[0].Ref.ExternalId, (name, value));

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains(named, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(count, server.World.AdSets.Count);
    }

    [Fact]
    public async Task Copy_UnknownAdSet_RefusesAsAnUnknownObject()
    {
        await using var server = await StartAsync();

        var (status, body) = await CopyAsync(server, "99999");

        Assert.Equal(400, status);
        Assert.Equal(33, body.GetProperty("error").GetProperty("error_subcode").GetInt32());
        Assert.Equal("GraphMethodException", body.GetProperty("error").GetProperty("type").GetString());
    }

    [Fact]
    public async Task Update_TargetingAndName_ChangeTheWorldAndReadBack()
    {
        await using var server = await StartAsync();
        var adSet = server.Meta.AdSets[0];
        const string targeting = """
            {"age_min":18,"age_max":24,"geo_locations":{"countries":["US"]},
             "flexible_spec":[{"interests":[{"id":"6003348604581","name":"Fashion"}]}],"interests":[{"id":"6004037726009","name":"Pets"}]}
            """;

        var (status, _) = await TestHttp.PostFormAsync(
            new Uri(server.MetaBaseUrl, "v25.0/" + adSet.Ref.ExternalId), [.. MetaUrls.Auth(server), new("targeting", targeting), new("name", "renamed")]);

        Assert.Equal(200, status);
        Assert.Equal(new AdSetTargeting(AgeGroup.Age18To24, Interests.Fashion | Interests.Pets), server.World.TargetingOf(adSet.Index));
        var (_, row) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, adSet.Ref.ExternalId, "fields=name,targeting"));
        Assert.Equal("renamed", row.GetProperty("name").GetString());
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                {"age_min":18,"age_max":24,"geo_locations":{"countries":["US"]},
                 "interests":[{"id":"6003348604581","name":"Fashion"},{"id":"6004037726009","name":"Pets"}]}
                """),
            JsonNode.Parse(row.GetProperty("targeting").GetRawText())));
    }

    [Theory]
    [InlineData("""{"age_min":18,"age_max":24}""", "geo_locations")]
    [InlineData("""{"age_min":10,"geo_locations":{"countries":["US"]}}""", "age_min")]
    [InlineData("""{"age_min":40,"age_max":30,"geo_locations":{"countries":["US"]}}""", "age_max")]
    [InlineData("""{"geo_locations":{"countries":["US"]},"interests":[{"id":"123","name":"Nope"}]}""", "123")]
    [InlineData("""{"geo_locations":{"countries":["US"]},"interests":"Fashion"}""", "interests")]
    [InlineData("""[1]""", "targeting")]
    public async Task Update_BadTargeting_Refuses100NamingTheProblemAndChangesNothing(string targeting, string named)
    {
        await using var server = await StartAsync();
        var adSet = server.Meta.AdSets[0];
        var before = server.World.TargetingOf(adSet.Index);
        var budget = server.World.SettingsOf(adSet.Index);

        var (status, body) = await TestHttp.PostFormAsync(
            new Uri(server.MetaBaseUrl, "v25.0/" + adSet.Ref.ExternalId), [.. MetaUrls.Auth(server), new("targeting", targeting), new("status", "PAUSED")]);

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Contains(named, body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, server.World.TargetingOf(adSet.Index));
        Assert.Equal(budget, server.World.SettingsOf(adSet.Index));
    }

    [Fact]
    public async Task Copy_ServerErrorFault_AnswersTheFaultAndCopiesNothing()
    {
        await using var server = await SandboxServer.StartAsync(
            DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken,
            faults: AdPilot.Sandbox.Faults.SandboxFaults.Parse("""{"rules":[{"platform":"meta","endpoint":"adset_copy","fault":"server_error","probability":1}]}"""));
        var count = server.World.AdSets.Count;

        var (status, _) = await CopyAsync(server, server.Meta.AdSets[0].Ref.ExternalId);
        var (readStatus, _) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AdSets[0].Ref.ExternalId, "fields=id"));

        Assert.True(status >= 500, $"status {status}");
        Assert.Equal(200, readStatus);
        Assert.Equal(count, server.World.AdSets.Count);
    }

    private static Task<(int Status, JsonElement Body)> CopyAsync(SandboxServer server, string adSetId, params (string Name, string Value)[] fields) =>
        TestHttp.PostFormAsync(
            new Uri(server.MetaBaseUrl, $"v25.0/{adSetId}/copies"),
            [.. MetaUrls.Auth(server), .. fields.Select(f => new KeyValuePair<string, string>(f.Name, f.Value))]);

    private static Task<SandboxServer> StartAsync() => SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
}

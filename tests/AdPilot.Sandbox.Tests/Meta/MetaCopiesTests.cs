using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Meta;

/// <summary><c>POST /{ad-set-id}/copies</c> and the <c>targeting</c> and <c>name</c> of ad set reads and updates.</summary>
public sealed class MetaCopiesTests
{
    [Fact]
    public async Task Copy_DeepActive_AnswersAsMetaAndTheCopyIsListedWithTheOriginalsTargeting()
    {
        await using var server = await StartAsync();
        var original = server.Meta.AdSets[0];
        var count = server.World.AdSets.Count;

        var (status, body) = await CopyAsync(server, original.Ref.ExternalId, ("deep_copy", "true"), ("status_option", "ACTIVE"));

        Assert.Equal(200, status);
        var copyId = body.GetProperty("copied_adset_id").GetString()!;
        var copy = server.World.AdSets[count];
        Assert.Equal(copy.Ref.ExternalId, copyId);
        var objects = body.GetProperty("ad_object_ids").EnumerateArray().ToArray();
        Assert.Equal(1 + server.World.AdsOf(original.Index).Count, objects.Length);
        Assert.Equal(("ad_set", original.Ref.ExternalId, copyId), (objects[0].GetProperty("ad_object_type").GetString(), objects[0].GetProperty("source_id").GetString(), objects[0].GetProperty("copied_id").GetString()));
        Assert.Equal(
            server.World.AdsOf(copy.Index).Select(a => a.Id),
            objects.Skip(1).Select(o => o.GetProperty("copied_id").GetString()));
        Assert.All(objects.Skip(1), o => Assert.Equal("ad", o.GetProperty("ad_object_type").GetString()));

        var (_, list) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/adsets", "fields=id,name,status,targeting,daily_budget,campaign_id&limit=100"));
        var row = list.GetProperty("data").EnumerateArray().Single(r => r.GetProperty("id").GetString() == copyId);
        var originalRow = list.GetProperty("data").EnumerateArray().Single(r => r.GetProperty("id").GetString() == original.Ref.ExternalId);
        Assert.Equal(server.World.NameOf(original.Index) + " - Copy", row.GetProperty("name").GetString());
        Assert.Equal("ACTIVE", row.GetProperty("status").GetString());
        Assert.Equal(originalRow.GetProperty("daily_budget").GetString(), row.GetProperty("daily_budget").GetString());
        Assert.Equal(server.Meta.CampaignId, row.GetProperty("campaign_id").GetString());
        Assert.Equal(originalRow.GetProperty("targeting").GetRawText(), row.GetProperty("targeting").GetRawText());
        Assert.True(originalRow.GetProperty("targeting").TryGetProperty("age_min", out _));
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

        var (status, _) = await CopyAsync(server, server.Meta.AdSets[0].Ref.ExternalId, ("deep_copy", "true"));
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

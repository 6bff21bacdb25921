using System.Net;
using System.Text.Json.Nodes;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.Meta;

/// <summary>The exact requests of <see cref="MetaAdSetsClient.CloneAdSetAsync"/>: read targeting and ads, copy paused (deep or ad by ad), one update.</summary>
public sealed class MetaAdSetCloneTests
{
    private const string Token = "EAAB-secret-token";
    private const string Secret = "app-secret";
    private static readonly AdAccountRef Account = new(Platform.Instagram, "42", "USD");
    private static readonly AdSetRef Original = new(Platform.Instagram, "23854404706320548");

    private readonly StubHandler _handler = new();

    [Fact]
    public async Task CloneAdSetAsync_ThreeAds_CopiesTheAdSetShallowThenEachAdThenUpdatesIt()
    {
        _handler.RespondJson("""
            {"targeting":{"age_min":18,"age_max":65,"genders":[2],"geo_locations":{"countries":["US","CA"]},
             "flexible_spec":[{"interests":[{"id":"1","name":"Old"}],"behaviors":[{"id":"7","name":"Shoppers"}]},{"interests":[{"id":"2","name":"Older"}]}]},
             "id":"23854404706320548"}
            """);
        _handler.RespondJson("""
            {"data":[{"id":"71","status":"ACTIVE"},{"id":"72","status":"PAUSED"},{"id":"73","status":"ARCHIVED"},{"id":"74","status":"ACTIVE"}],
             "paging":{"cursors":{"before":"B","after":"A"}}}
            """);
        _handler.RespondJson("""{"copied_adset_id":"23899","ad_object_ids":[{"ad_object_type":"ad_set","source_id":"23854404706320548","copied_id":"23899"}]}""");
        _handler.RespondJson("""{"copied_ad_id":"81"}""");
        _handler.RespondJson("""{"copied_ad_id":"82"}""");
        _handler.RespondJson("""{"copied_ad_id":"84"}""");
        _handler.RespondJson("""{"success":true}""");
        var request = new AdSetCloneRequest(Original, "exp-7 B", AgeGroup.Age25To34, Interests.Fashion | Interests.Pets, new Money(15.5m, "USD"), AdSetStatus.Active);

        var copy = await CreateSut().CloneAdSetAsync(Account, request, TestContext.Current.CancellationToken);

        Assert.Equal(new AdSetRef(Platform.Instagram, "23899"), copy);
        Assert.Equal(7, _handler.Requests.Count);
        var proof = AppSecretProof.Compute(Secret, Token);

        var read = _handler.Requests[0];
        Assert.Equal(HttpMethod.Get, read.Method);
        Assert.Equal($"https://graph.facebook.com/v25.0/23854404706320548?fields=targeting&access_token={Token}&appsecret_proof={proof}", read.Uri.ToString());

        Assert.Equal(
            $"https://graph.facebook.com/v25.0/23854404706320548/ads?fields=id%2Cstatus&limit=500&access_token={Token}&appsecret_proof={proof}",
            _handler.Requests[1].Uri.AbsoluteUri);

        var copied = _handler.Requests[2];
        Assert.Equal(HttpMethod.Post, copied.Method);
        Assert.Equal("https://graph.facebook.com/v25.0/23854404706320548/copies", copied.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", copied.ContentType);
        var copyForm = System.Web.HttpUtility.ParseQueryString(copied.Body!);
        Assert.Equal(new[] { "deep_copy", "status_option", "rename_options", "access_token", "appsecret_proof" }, copyForm.AllKeys.Select(k => k!));
        Assert.Equal("false", copyForm["deep_copy"]);
        Assert.Equal("PAUSED", copyForm["status_option"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"rename_strategy":"ONLY_TOP_LEVEL_RENAME","rename_suffix":" - exp-7 B"}"""), JsonNode.Parse(copyForm["rename_options"]!)));

        foreach (var (adCopy, ad) in _handler.Requests.Skip(3).Take(3).Zip(["71", "72", "74"]))
        {
            Assert.Equal($"https://graph.facebook.com/v25.0/{ad}/copies", adCopy.Uri.ToString());
            Assert.Equal(
                $"adset_id=23899&status_option=INHERITED_FROM_SOURCE&rename_options={Uri.EscapeDataString("""{"rename_strategy":"NO_RENAME"}""")}&access_token={Token}&appsecret_proof={proof}",
                adCopy.Body);
        }

        var update = _handler.Requests[6];
        Assert.Equal("https://graph.facebook.com/v25.0/23899", update.Uri.ToString());
        var form = System.Web.HttpUtility.ParseQueryString(update.Body!);
        Assert.Equal(new[] { "name", "targeting", "daily_budget", "status", "access_token", "appsecret_proof" }, form.AllKeys.Select(k => k!));
        Assert.Equal("exp-7 B", form["name"]);
        Assert.Equal("1550", form["daily_budget"]);
        Assert.Equal("ACTIVE", form["status"]);
        Assert.Equal(proof, form["appsecret_proof"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""
                {"age_min":25,"age_max":34,"genders":[2],"geo_locations":{"countries":["US","CA"]},
                 "flexible_spec":[{"behaviors":[{"id":"7","name":"Shoppers"}]}],
                 "interests":[{"id":"6003348604581","name":"Fashion"},{"id":"6004037726009","name":"Pets"}]}
                """),
            JsonNode.Parse(form["targeting"]!)));
    }

    [Fact]
    public async Task CloneAdSetAsync_TwoAdsBroadTargeting_CopiesDeepInOneCallAndSendsNoInterests()
    {
        _handler.RespondJson("""{"targeting":{"age_min":25,"age_max":34,"geo_locations":{"countries":["US"]},"interests":[{"id":"1","name":"Old"}]}}""");
        _handler.RespondJson("""{"data":[{"id":"71","status":"ACTIVE"},{"id":"72","status":"PAUSED"}]}""");
        _handler.RespondJson("""{"copied_adset_id":"5","ad_object_ids":[]}""");
        _handler.RespondJson("""{"success":true}""");
        var request = new AdSetCloneRequest(Original, "broad", AgeGroup.Age55Plus, Interests.None, new Money(20m, "USD"), AdSetStatus.Paused);

        await CreateSut().CloneAdSetAsync(Account, request, TestContext.Current.CancellationToken);

        Assert.Equal(4, _handler.Requests.Count);
        Assert.Equal("true", System.Web.HttpUtility.ParseQueryString(_handler.Requests[2].Body!)["deep_copy"]);
        var form = System.Web.HttpUtility.ParseQueryString(_handler.Requests[3].Body!);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"age_min":55,"age_max":65,"geo_locations":{"countries":["US"]}}"""), JsonNode.Parse(form["targeting"]!)));
        Assert.Equal("PAUSED", form["status"]);
    }

    [Fact]
    public async Task CloneAdSetAsync_CopyRefused_ThrowsRejectedWithoutTheUpdate()
    {
        _handler.RespondJson("""{"targeting":{"geo_locations":{"countries":["US"]}}}""");
        _handler.RespondJson("""{"data":[]}""");
        _handler.Respond(HttpStatusCode.BadRequest, """{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"T9"}}""");
        var request = new AdSetCloneRequest(Original, "x", AgeGroup.Age25To34, Interests.None, new Money(20m, "USD"), AdSetStatus.Active);

        await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => CreateSut().CloneAdSetAsync(Account, request, TestContext.Current.CancellationToken));

        Assert.Equal(3, _handler.Requests.Count);
    }

    [Fact]
    public async Task CloneAdSetAsync_BadRequest_ThrowsBeforeAnyCall()
    {
        var sut = CreateSut();

        await Assert.ThrowsAsync<ArgumentException>(() => sut.CloneAdSetAsync(
            Account, new AdSetCloneRequest(Original, " ", AgeGroup.Age25To34, Interests.None, new Money(20m, "USD"), AdSetStatus.Active), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => sut.CloneAdSetAsync(
            Account, new AdSetCloneRequest(Original, "x", AgeGroup.Age25To34, Interests.None, new Money(20m, "EUR"), AdSetStatus.Active), TestContext.Current.CancellationToken));
        await Assert.ThrowsAsync<ArgumentException>(() => sut.CloneAdSetAsync(
            Account, new AdSetCloneRequest(Original with { Platform = Platform.TikTok }, "x", AgeGroup.Age25To34, Interests.None, new Money(20m, "USD"), AdSetStatus.Active),
            TestContext.Current.CancellationToken));

        Assert.Empty(_handler.Requests);
    }

    private MetaAdSetsClient CreateSut() =>
        TestClients.MetaAdSets(_handler, new MetaOptions { AccessToken = Token, AppSecret = Secret });
}

using System.Net;
using System.Text.Json.Nodes;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.Meta;

/// <summary>The exact requests of <see cref="MetaAdSetsClient.CloneAdSetAsync"/>: read targeting, deep copy paused, one update.</summary>
public sealed class MetaAdSetCloneTests
{
    private const string Token = "EAAB-secret-token";
    private const string Secret = "app-secret";
    private static readonly AdAccountRef Account = new(Platform.Instagram, "42", "USD");
    private static readonly AdSetRef Original = new(Platform.Instagram, "23854404706320548");

    private readonly StubHandler _handler = new();

    [Fact]
    public async Task CloneAdSetAsync_NewTargeting_SendsThreePinnedRequestsAndReturnsTheCopy()
    {
        _handler.RespondJson("""
            {"targeting":{"age_min":18,"age_max":65,"genders":[2],"geo_locations":{"countries":["US","CA"]},
             "flexible_spec":[{"interests":[{"id":"1","name":"Old"}],"behaviors":[{"id":"7","name":"Shoppers"}]},{"interests":[{"id":"2","name":"Older"}]}]},
             "id":"23854404706320548"}
            """);
        _handler.RespondJson("""{"copied_adset_id":"23899","ad_object_ids":[{"ad_object_type":"ad_set","source_id":"23854404706320548","copied_id":"23899"}]}""");
        _handler.RespondJson("""{"success":true}""");
        var request = new AdSetCloneRequest(Original, "exp-7 B", AgeGroup.Age25To34, Interests.Fashion | Interests.Pets, new Money(15.5m, "USD"), AdSetStatus.Active);

        var copy = await CreateSut().CloneAdSetAsync(Account, request, TestContext.Current.CancellationToken);

        Assert.Equal(new AdSetRef(Platform.Instagram, "23899"), copy);
        Assert.Equal(3, _handler.Requests.Count);
        var proof = AppSecretProof.Compute(Secret, Token);

        var read = _handler.Requests[0];
        Assert.Equal(HttpMethod.Get, read.Method);
        Assert.Equal($"https://graph.facebook.com/v25.0/23854404706320548?fields=targeting&access_token={Token}&appsecret_proof={proof}", read.Uri.ToString());

        var copied = _handler.Requests[1];
        Assert.Equal(HttpMethod.Post, copied.Method);
        Assert.Equal("https://graph.facebook.com/v25.0/23854404706320548/copies", copied.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", copied.ContentType);
        var copyForm = System.Web.HttpUtility.ParseQueryString(copied.Body!);
        Assert.Equal(new[] { "deep_copy", "status_option", "rename_options", "access_token", "appsecret_proof" }, copyForm.AllKeys.Select(k => k!));
        Assert.Equal("true", copyForm["deep_copy"]);
        Assert.Equal("PAUSED", copyForm["status_option"]);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"rename_strategy":"ONLY_TOP_LEVEL_RENAME","rename_suffix":" - exp-7 B"}"""), JsonNode.Parse(copyForm["rename_options"]!)));

        var update = _handler.Requests[2];
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
    public async Task CloneAdSetAsync_BroadTargeting_SendsNoInterests()
    {
        _handler.RespondJson("""{"targeting":{"age_min":25,"age_max":34,"geo_locations":{"countries":["US"]},"interests":[{"id":"1","name":"Old"}]}}""");
        _handler.RespondJson("""{"copied_adset_id":"5","ad_object_ids":[]}""");
        _handler.RespondJson("""{"success":true}""");
        var request = new AdSetCloneRequest(Original, "broad", AgeGroup.Age55Plus, Interests.None, new Money(20m, "USD"), AdSetStatus.Paused);

        await CreateSut().CloneAdSetAsync(Account, request, TestContext.Current.CancellationToken);

        var form = System.Web.HttpUtility.ParseQueryString(_handler.Requests[2].Body!);
        Assert.True(JsonNode.DeepEquals(
            JsonNode.Parse("""{"age_min":55,"age_max":65,"geo_locations":{"countries":["US"]}}"""), JsonNode.Parse(form["targeting"]!)));
        Assert.Equal("PAUSED", form["status"]);
    }

    [Fact]
    public async Task CloneAdSetAsync_CopyRefused_ThrowsRejectedWithoutTheUpdate()
    {
        _handler.RespondJson("""{"targeting":{"geo_locations":{"countries":["US"]}}}""");
        _handler.Respond(HttpStatusCode.BadRequest, """{"error":{"message":"(#100) Invalid parameter","type":"OAuthException","code":100,"fbtrace_id":"T9"}}""");
        var request = new AdSetCloneRequest(Original, "x", AgeGroup.Age25To34, Interests.None, new Money(20m, "USD"), AdSetStatus.Active);

        await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => CreateSut().CloneAdSetAsync(Account, request, TestContext.Current.CancellationToken));

        Assert.Equal(2, _handler.Requests.Count);
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

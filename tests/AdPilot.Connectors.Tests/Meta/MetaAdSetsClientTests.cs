using System.Net;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests.Meta;

public sealed class MetaAdSetsClientTests
{
    private const string Token = "EAAB-secret-token";
    private const string Secret = "app-secret";
    private static readonly AdAccountRef Account = new(Platform.Instagram, "42", "USD");
    private static readonly AdSetRef AdSet = new(Platform.Instagram, "23854404706320548");

    private readonly StubHandler _handler = new();

    [Fact]
    public async Task GetAdSetsAsync_TwoPages_SendsPinnedRequestsAndConvertsMinorUnits()
    {
        _handler.RespondJson("""
            {"data":[{"id":"1","name":"Cap","status":"ACTIVE","effective_status":"ACTIVE","daily_budget":"2500","bid_strategy":"COST_CAP",
                      "bid_amount":"1500","campaign_id":"9"}],
             "paging":{"cursors":{"before":"B","after":"A1"},"next":"https://graph.facebook.com/v25.0/act_42/adsets?after=A1"}}
            """);
        _handler.RespondJson("""
            {"data":[{"id":"2","name":"Roas","status":"PAUSED","effective_status":"CAMPAIGN_PAUSED","lifetime_budget":"90000",
                      "bid_strategy":"LOWEST_COST_WITH_MIN_ROAS","campaign_id":"9"}],
             "paging":{"cursors":{"before":"B","after":"A2"}}}
            """);

        var adSets = await CreateSut().GetAdSetsAsync(Account, TestContext.Current.CancellationToken);

        var first = System.Web.HttpUtility.ParseQueryString(_handler.Requests[0].Uri.Query);
        Assert.Equal("https://graph.facebook.com/v25.0/act_42/adsets", _handler.Requests[0].Uri.GetLeftPart(UriPartial.Path));
        Assert.Equal(
            "id,name,status,effective_status,daily_budget,lifetime_budget,bid_strategy,bid_amount,campaign_id,targeting",
            first["fields"]);
        Assert.Equal(Token, first["access_token"]);
        Assert.Equal(AppSecretProof.Compute(Secret, Token), first["appsecret_proof"]);
        Assert.Equal("A1", System.Web.HttpUtility.ParseQueryString(_handler.Requests[1].Uri.Query)["after"]);
        Assert.Equal(
            new AdSetSnapshot(new AdSetRef(Platform.Instagram, "1"), "Cap", "9", AdSetStatus.Active, "ACTIVE",
                new Money(25m, "USD"), BidStrategy.CostCap(15m), "COST_CAP"),
            adSets[0]);
        Assert.Equal(
            new AdSetSnapshot(new AdSetRef(Platform.Instagram, "2"), "Roas", "9", AdSetStatus.Paused, "CAMPAIGN_PAUSED",
                null, null, "LOWEST_COST_WITH_MIN_ROAS"),
            adSets[1]);
    }

    [Theory]
    [InlineData("""{"age_min":25,"age_max":34,"geo_locations":{"countries":["US"]}}""", AgeGroup.Age25To34, Interests.None)]
    [InlineData("""{"geo_locations":{"countries":["US"]}}""", AgeGroup.Age35To44, Interests.None)]
    [InlineData("""{"age_min":"55","age_max":65,"interests":[{"id":"6003348604581","name":"Fashion"},{"id":"6004037726009","name":"Pets"}]}""", AgeGroup.Age55Plus, Interests.Fashion | Interests.Pets)]
    [InlineData("""{"age_min":18,"age_max":24,"flexible_spec":[{"interests":[{"id":"1","name":"Yoga"}],"behaviors":[{"id":"7"}]},{"interests":[{"id":6003985771306}]}]}""", AgeGroup.Age18To24, Interests.Fitness | Interests.Tech)]
    [InlineData("""{"age_min":45,"age_max":54,"interests":[{"name":"Home and garden"}],"flexible_spec":[{"work_positions":[{"id":"3"}]}]}""", AgeGroup.Age45To54, Interests.Home)]
    [InlineData("""{"age_min":25,"age_max":34,"interests":[{"id":"999","name":"Chess"}]}""", AgeGroup.Age25To34, Interests.None)]
    public async Task GetAdSetsAsync_Targeting_ReadsTheAgeBandAndInterests(string targeting, AgeGroup age, Interests interests)
    {
        _handler.RespondJson($$$"""
            {"data":[{"id":"1","name":"Cap","status":"ACTIVE","daily_budget":"2500","bid_strategy":"LOWEST_COST_WITHOUT_CAP","campaign_id":"9",
                      "targeting":{{{targeting}}}}]}
            """);

        var adSet = Assert.Single(await CreateSut().GetAdSetsAsync(Account, TestContext.Current.CancellationToken));

        Assert.Equal(new AdSetTargetingRead(age, interests), adSet.Targeting);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","targeting":null""")]
    [InlineData(",\"targeting\":\"18-65\"")]
    [InlineData(""","targeting":{"age_min":"eighteen"}""")]
    [InlineData(""","targeting":{"age_min":18.5}""")]
    [InlineData(""","targeting":{"interests":{"id":"6003348604581"}}""")]
    [InlineData(""","targeting":{"interests":[{"id":true}]}""")]
    [InlineData(""","targeting":{"flexible_spec":{"interests":[]}}""")]
    [InlineData(""","targeting":{"flexible_spec":["x"]}""")]
    public async Task GetAdSetsAsync_MissingOrOddTargeting_ReadsTheAdSetWithoutTargeting(string targeting)
    {
        _handler.RespondJson($$$"""
            {"data":[{"id":"1","name":"Cap","status":"ACTIVE","daily_budget":"2500","bid_strategy":"LOWEST_COST_WITHOUT_CAP","campaign_id":"9"{{{targeting}}}}]}
            """);

        var adSet = Assert.Single(await CreateSut().GetAdSetsAsync(Account, TestContext.Current.CancellationToken));

        Assert.Null(adSet.Targeting);
        Assert.Equal(new Money(25m, "USD"), adSet.DailyBudget);
    }

    [Fact]
    public async Task UpdateAdSetAsync_BudgetBidAndStatus_PostsThePinnedForm()
    {
        _handler.RespondJson("""{"success":true}""");
        var update = new AdSetUpdate(AdSet, new Money(25m, "USD"), BidStrategy.CostCap(15m), AdSetStatus.Paused);

        await CreateSut().UpdateAdSetAsync(Account, update, TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://graph.facebook.com/v25.0/23854404706320548", request.Uri.ToString());
        Assert.Equal("application/x-www-form-urlencoded", request.ContentType);
        Assert.Equal(
            $"daily_budget=2500&bid_strategy=COST_CAP&bid_amount=1500&status=PAUSED&access_token={Token}&appsecret_proof={AppSecretProof.Compute(Secret, Token)}",
            request.Body);
    }

    [Theory]
    [InlineData("JPY", 2500, "2500")]
    [InlineData("USD", 0.5, "50")]
    public void UpdateFields_Budget_InTheCurrencysMinorUnits(string currency, double amount, string expected)
    {
        var account = Account with { Currency = currency };

        var fields = MetaAdSetsClient.UpdateFields(account, new AdSetUpdate(AdSet, new Money((decimal)amount, currency)));

        Assert.Equal([new("daily_budget", expected)], fields);
    }

    [Fact]
    public void UpdateFields_BudgetFinerThanACent_Throws()
    {
        Assert.Throws<ArgumentException>(() => MetaAdSetsClient.UpdateFields(Account, new AdSetUpdate(AdSet, new Money(10.005m, "USD"))));
    }

    [Fact]
    public void UpdateFields_BudgetInAnotherCurrency_Throws()
    {
        Assert.Throws<ArgumentException>(() => MetaAdSetsClient.UpdateFields(Account, new AdSetUpdate(AdSet, new Money(10m, "EUR"))));
    }

    [Fact]
    public async Task UpdateAdSetAsync_BudgetChangeLimit_ThrowsChangeLimitAtOnceKeepingTheTrace()
    {
        _handler.Respond(HttpStatusCode.BadRequest,
            """{"error":{"message":"(#17) User request limit reached","code":17,"error_subcode":2446079,"fbtrace_id":"T1"}}""");

        var ex = await Assert.ThrowsAsync<PlatformChangeLimitException>(() => CreateSut().UpdateAdSetAsync(
            Account, new AdSetUpdate(AdSet, new Money(30m, "USD")), TestContext.Current.CancellationToken));

        Assert.Single(_handler.Requests);
        Assert.Equal("T1", ex.Context.RequestId);
        Assert.Equal("17/2446079", ex.Context.ErrorCode);
        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UpdateAdSetAsync_SuccessFalse_ThrowsRequestRejected()
    {
        _handler.RespondJson("""{"success":false}""");

        await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => CreateSut().UpdateAdSetAsync(
            Account, new AdSetUpdate(AdSet, Status: AdSetStatus.Active), TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task UpdateAdSetsBatchAsync_ThreeUpdates_PostsOneBatchAndReportsEachOutcome()
    {
        _handler.RespondJson("""
            [{"code":200,"headers":[],"body":"{\"success\":true}"},
             {"code":400,"headers":[],"body":"{\"error\":{\"message\":\"(#17) User request limit reached\",\"code\":17,\"fbtrace_id\":\"T9\"}}"},
             null]
            """);
        MetaBatchUpdate[] updates =
        [
            new(new AdSetUpdate(new AdSetRef(Platform.Instagram, "1"), new Money(25m, "USD")), "c1"),
            new(new AdSetUpdate(new AdSetRef(Platform.Instagram, "2"), Status: AdSetStatus.Paused), "c2"),
            new(new AdSetUpdate(new AdSetRef(Platform.Instagram, "3"), BidStrategy: BidStrategy.LowestCost), "c3"),
        ];

        var results = await CreateSut().UpdateAdSetsBatchAsync(Account, updates, TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal("https://graph.facebook.com/v25.0/", request.Uri.ToString());
        var form = System.Web.HttpUtility.ParseQueryString(request.Body!);
        Assert.Equal(
            """[{"method":"POST","relative_url":"1","body":"daily_budget=2500"},{"method":"POST","relative_url":"2","body":"status=PAUSED"},{"method":"POST","relative_url":"3","body":"bid_strategy=LOWEST_COST_WITHOUT_CAP"}]""",
            form["batch"]);
        Assert.Equal("false", form["include_headers"]);
        Assert.Equal(Token, form["access_token"]);
        Assert.Equal(AppSecretProof.Compute(Secret, Token), form["appsecret_proof"]);
        Assert.True(results[0].Succeeded);
        Assert.Equal("T9", Assert.IsType<PlatformRateLimitedException>(results[1].Error).Context.RequestId);
        Assert.IsType<PlatformUnavailableException>(results[2].Error);
    }

    [Fact]
    public async Task UpdateAdSetsBatchAsync_TwoAdSetsOfOneCampaign_GoInTwoBatches()
    {
        _handler.RespondJson("""[{"code":200,"body":"{\"success\":true}"}]""");
        _handler.RespondJson("""[{"code":200,"body":"{\"success\":true}"}]""");
        MetaBatchUpdate[] updates =
        [
            new(new AdSetUpdate(new AdSetRef(Platform.Instagram, "1"), Status: AdSetStatus.Active), "c1"),
            new(new AdSetUpdate(new AdSetRef(Platform.Instagram, "2"), Status: AdSetStatus.Active), "c1"),
        ];

        var results = await CreateSut().UpdateAdSetsBatchAsync(Account, updates, TestContext.Current.CancellationToken);

        Assert.Equal(2, _handler.Requests.Count);
        Assert.All(results, r => Assert.True(r.Succeeded));
    }

    private MetaAdSetsClient CreateSut() =>
        TestClients.MetaAdSets(_handler, new MetaOptions { AccessToken = Token, AppSecret = Secret });
}

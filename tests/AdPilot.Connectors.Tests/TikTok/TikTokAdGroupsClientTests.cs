using AdPilot.Connectors.Tests.TestData;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests.TikTok;

public sealed class TikTokAdGroupsClientTests
{
    private const string Token = "tiktok-secret-token";
    private static readonly AdAccountRef Account = new(Platform.TikTok, "7001", "USD");
    private static readonly AdSetRef AdGroup = new(Platform.TikTok, "1714");

    private readonly StubHandler _handler = new();

    [Fact]
    public async Task GetAdGroupsAsync_TwoPages_SendsPinnedRequestsAndReadsBudgetsAndBids()
    {
        _handler.RespondJson("""
            {"code":0,"message":"OK","request_id":"r1","data":{"list":[
              {"adgroup_id":"1","adgroup_name":"Day","campaign_id":"9","operation_status":"ENABLE","secondary_status":"ADGROUP_STATUS_DELIVERY_OK",
               "budget_mode":"BUDGET_MODE_DAY","budget":120.5,"bid_type":"BID_TYPE_CUSTOM","conversion_bid_price":12.0,"bid_price":0}],
             "page_info":{"page":1,"page_size":1,"total_number":2,"total_page":2}}}
            """);
        _handler.RespondJson("""
            {"code":0,"message":"OK","request_id":"r2","data":{"list":[
              {"adgroup_id":"2","adgroup_name":"Cbo","campaign_id":"9","operation_status":"DISABLE",
               "budget_mode":"BUDGET_MODE_INFINITE","budget":0.0,"bid_type":"BID_TYPE_NO_BID"}],
             "page_info":{"page":2,"page_size":1,"total_number":2,"total_page":2}}}
            """);

        var adGroups = await CreateSut().GetAdGroupsAsync(Account, TestContext.Current.CancellationToken);

        Assert.Equal(
            "https://business-api.tiktok.com/open_api/v1.3/adgroup/get/?advertiser_id=7001&page=1&page_size=1000",
            _handler.Requests[0].Uri.ToString());
        Assert.Equal(Token, _handler.Requests[0].Headers["Access-Token"]);
        Assert.EndsWith("page=2&page_size=1000", _handler.Requests[1].Uri.ToString(), StringComparison.Ordinal);
        Assert.Equal(
            new AdSetSnapshot(new AdSetRef(Platform.TikTok, "1"), "Day", "9", AdSetStatus.Active, "ADGROUP_STATUS_DELIVERY_OK",
                new Money(120.5m, "USD"), BidStrategy.CostCap(12m), "BID_TYPE_CUSTOM"),
            adGroups[0]);
        Assert.Equal(
            new AdSetSnapshot(new AdSetRef(Platform.TikTok, "2"), "Cbo", "9", AdSetStatus.Paused, "DISABLE",
                null, BidStrategy.LowestCost, "BID_TYPE_NO_BID"),
            adGroups[1]);
    }

    [Theory]
    [InlineData(""","age_groups":["AGE_25_34"],"interest_category_ids":["10","17"]""", AgeGroup.Age25To34, Interests.Fashion | Interests.Pets)]
    [InlineData(""","age_groups":["AGE_18_24","AGE_25_34"],"interest_category_ids":[]""", AgeGroup.Age25To34, Interests.None)]
    [InlineData(""","age_groups":["AGE_55_100"]""", AgeGroup.Age55Plus, Interests.None)]
    [InlineData(""","age_groups":["NONE"],"interest_category_ids":["13","424242"]""", AgeGroup.Age35To44, Interests.Tech)]
    [InlineData(""","interest_category_ids":["19"]""", AgeGroup.Age35To44, Interests.Gaming)]
    public async Task GetAdGroupsAsync_Targeting_ReadsAgeGroupsAndInterestCategories(string fields, AgeGroup age, Interests interests)
    {
        _handler.RespondJson(AdGroupWith(fields));

        var adGroup = Assert.Single(await CreateSut().GetAdGroupsAsync(Account, TestContext.Current.CancellationToken));

        Assert.Equal(new AdSetTargetingRead(age, interests), adGroup.Targeting);
    }

    [Theory]
    [InlineData("")]
    [InlineData(""","age_groups":null,"interest_category_ids":null""")]
    [InlineData(",\"age_groups\":\"AGE_25_34\"")]
    [InlineData(""","age_groups":["AGE_25_34"],"interest_category_ids":[10]""")]
    public async Task GetAdGroupsAsync_MissingOrOddTargeting_ReadsTheAdGroupWithoutTargeting(string fields)
    {
        _handler.RespondJson(AdGroupWith(fields));

        var adGroup = Assert.Single(await CreateSut().GetAdGroupsAsync(Account, TestContext.Current.CancellationToken));

        Assert.Null(adGroup.Targeting);
        Assert.Equal(new Money(120.5m, "USD"), adGroup.DailyBudget);
    }

    private static string AdGroupWith(string fields) => """
        {"code":0,"message":"OK","request_id":"r1","data":{"list":[
          {"adgroup_id":"1","adgroup_name":"Day","campaign_id":"9","operation_status":"ENABLE",
           "budget_mode":"BUDGET_MODE_DAY","budget":120.5,"bid_type":"BID_TYPE_NO_BID"
        """ + fields + """
        }],
         "page_info":{"page":1,"page_size":1,"total_number":1,"total_page":1}}}
        """;

    [Fact]
    public async Task UpdateAdGroupAsync_BudgetBidAndStatus_ReadsTheBudgetModeThenPostsThreePinnedJsonBodies()
    {
        _handler.RespondJson(AdGroupPage("BUDGET_MODE_DAY"));
        for (var i = 0; i < 3; i++)
        {
            _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r","data":{}}""");
        }

        await CreateSut().UpdateAdGroupAsync(
            Account, new AdSetUpdate(AdGroup, new Money(120.5m, "USD"), BidStrategy.CostCap(12.3m), AdSetStatus.Paused),
            TestContext.Current.CancellationToken);

        var read = _handler.Requests[0];
        Assert.Equal(HttpMethod.Get, read.Method);
        Assert.Equal(
            "https://business-api.tiktok.com/open_api/v1.3/adgroup/get/?advertiser_id=7001&filtering=%7B%22adgroup_ids%22%3A%5B%221714%22%5D%7D&page=1&page_size=1",
            read.Uri.AbsoluteUri);
        _handler.Requests.RemoveAt(0);
        Assert.Equal(
            [
                "https://business-api.tiktok.com/open_api/v1.3/adgroup/budget/update/",
                "https://business-api.tiktok.com/open_api/v1.3/adgroup/update/",
                "https://business-api.tiktok.com/open_api/v1.3/adgroup/status/update/",
            ],
            _handler.Requests.Select(r => r.Uri.ToString()));
        Assert.All(_handler.Requests, r => Assert.Equal(HttpMethod.Post, r.Method));
        Assert.All(_handler.Requests, r => Assert.Equal("application/json", r.ContentType));
        Assert.All(_handler.Requests, r => Assert.Equal(Token, r.Headers["Access-Token"]));
        Assert.Equal("""{"advertiser_id":"7001","budget":[{"adgroup_id":"1714","budget":120.5}]}""", _handler.Requests[0].Body);
        Assert.Equal("""{"advertiser_id":"7001","adgroup_id":"1714","bid_type":"BID_TYPE_CUSTOM","conversion_bid_price":12.3}""",
            _handler.Requests[1].Body);
        Assert.Equal("""{"advertiser_id":"7001","adgroup_ids":["1714"],"operation_status":"DISABLE"}""", _handler.Requests[2].Body);
    }

    [Fact]
    public async Task UpdateAdGroupAsync_WriteConflictCode_ThrowsUnavailableKeepingRequestId()
    {
        _handler.RespondJson("""{"code":40202,"message":"write conflict","request_id":"w1","data":{}}""");

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(() => CreateSut().UpdateAdGroupAsync(
            Account, new AdSetUpdate(AdGroup, Status: AdSetStatus.Active), TestContext.Current.CancellationToken));

        Assert.Equal("w1", ex.Context.RequestId);
        Assert.Equal("40202", ex.Context.ErrorCode);
    }

    [Fact]
    public void UpdateRequests_BudgetInAnotherCurrency_Throws()
    {
        Assert.Throws<ArgumentException>(
            () => TikTokAdGroupsClient.UpdateRequests(Account, new AdSetUpdate(AdGroup, new Money(1m, "EUR"))));
    }

    [Fact]
    public async Task TikTokAdPlatform_MetaAccount_IsRefused()
    {
        var platform = new TikTokAdPlatform(
            TestClients.TikTokReports(_handler, new TikTokOptions { AccessToken = Token }), CreateSut());

        await Assert.ThrowsAsync<ArgumentException>(() => platform.GetAdSetsAsync(
            new AdAccountRef(Platform.Instagram, "1", "USD"), TestContext.Current.CancellationToken));
        Assert.Empty(_handler.Requests);
    }

    [Fact]
    public async Task UpdateAdGroupAsync_BudgetUnderCampaignBudgetOptimisation_ThrowsBudgetOwnedByCampaignAndSendsNoWrite()
    {
        _handler.RespondJson(AdGroupPage("BUDGET_MODE_INFINITE"));

        var ex = await Assert.ThrowsAsync<PlatformBudgetOwnedByCampaignException>(() => CreateSut().UpdateAdGroupAsync(
            Account, new AdSetUpdate(AdGroup, new Money(50m, "USD"), Status: AdSetStatus.Active), TestContext.Current.CancellationToken));

        Assert.Equal("9", ex.CampaignId);
        Assert.False(ex.IsTransient);
        Assert.All(_handler.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
    }

    [Fact]
    public async Task UpdateAdGroupAsync_BudgetOfLifetimeBudgetAdGroup_IsRejectedWithoutAWrite()
    {
        _handler.RespondJson(AdGroupPage("BUDGET_MODE_TOTAL"));

        await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => CreateSut().UpdateAdGroupAsync(
            Account, new AdSetUpdate(AdGroup, new Money(50m, "USD")), TestContext.Current.CancellationToken));

        Assert.Single(_handler.Requests);
    }

    [Fact]
    public async Task UpdateAdGroupAsync_StatusOnly_SendsNoBudgetRead()
    {
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r","data":{}}""");

        await CreateSut().UpdateAdGroupAsync(
            Account, new AdSetUpdate(AdGroup, Status: AdSetStatus.Active), TestContext.Current.CancellationToken);

        Assert.Equal("https://business-api.tiktok.com/open_api/v1.3/adgroup/status/update/", Assert.Single(_handler.Requests).Uri.ToString());
    }

    [Fact]
    public async Task UpdateAdGroupAsync_ThrottledWrite_IsNotRetried()
    {
        _handler.RespondJson("""{"code":40100,"message":"Due to too many requests","request_id":"t1","data":{}}""");

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(() => CreateSut().UpdateAdGroupAsync(
            Account, new AdSetUpdate(AdGroup, Status: AdSetStatus.Active), TestContext.Current.CancellationToken));

        Assert.Single(_handler.Requests);
        Assert.Equal("t1", ex.Context.RequestId);
    }

    private static string AdGroupPage(string budgetMode) =>
        """
        {"code":0,"message":"OK","request_id":"g","data":{"list":[
          {"adgroup_id":"1714","adgroup_name":"A","campaign_id":"9","operation_status":"ENABLE","budget_mode":"MODE","budget":0.0,"bid_type":"BID_TYPE_NO_BID"}],
         "page_info":{"page":1,"page_size":1,"total_number":1,"total_page":1}}}
        """.Replace("MODE", budgetMode, StringComparison.Ordinal);

    private TikTokAdGroupsClient CreateSut() => TestClients.TikTokAdGroups(_handler, new TikTokOptions { AccessToken = Token });
}

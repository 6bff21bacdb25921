using System.Text.Json.Nodes;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Connectors.TikTok;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;

namespace AdPilot.Connectors.Tests.TikTok;

/// <summary>The exact requests of <see cref="TikTokAdGroupsClient.CloneAdGroupAsync"/>: read the original and its ads, create the ad group, then its ads.</summary>
public sealed class TikTokAdGroupCloneTests
{
    private const string Token = "tiktok-secret-token";
    private static readonly AdAccountRef Account = new(Platform.TikTok, "7001", "USD");
    private static readonly AdSetRef Original = new(Platform.TikTok, "1714");

    private readonly StubHandler _handler = new();

    [Fact]
    public async Task CloneAdGroupAsync_NewTargeting_SendsPinnedRequestsAndReturnsTheCopy()
    {
        _handler.RespondJson("""
            {"code":0,"message":"OK","request_id":"r1","data":{"list":[
              {"adgroup_id":"1714","adgroup_name":"Orig","campaign_id":"9","operation_status":"ENABLE","budget_mode":"BUDGET_MODE_DAY","budget":120.5,
               "bid_type":"BID_TYPE_CUSTOM","conversion_bid_price":12.0,"bid_price":0,"optimization_goal":"CONVERT","billing_event":"OCPM",
               "pacing":"PACING_MODE_SMOOTH","placement_type":"PLACEMENT_TYPE_AUTOMATIC","location_ids":["6252001"],"promotion_type":"WEBSITE",
               "optimization_event":"SHOPPING","schedule_type":"SCHEDULE_START_END","schedule_start_time":"2026-01-01 00:00:00",
               "age_groups":["AGE_18_24"],"interest_category_ids":[]}],
             "page_info":{"page":1,"page_size":1,"total_number":1,"total_page":1}}}
            """);
        _handler.RespondJson("""
            {"code":0,"message":"OK","request_id":"r2","data":{"list":[
              {"ad_id":"11","ad_name":"ugc_unboxing_v1","adgroup_id":"1714","operation_status":"ENABLE","ad_format":"SINGLE_VIDEO","video_id":"v11",
               "identity_id":"i1","identity_type":"CUSTOMIZED_USER","ad_text":"Shop","call_to_action":"SHOP_NOW","landing_page_url":"https://s.example/"},
              {"ad_id":"12","ad_name":"discount_20off_v1","adgroup_id":"1714","operation_status":"DISABLE","ad_format":"SINGLE_VIDEO","video_id":"v12",
               "identity_id":"i1","identity_type":"CUSTOMIZED_USER","ad_text":"Sale"},
              {"ad_id":"13","ad_name":"gone","adgroup_id":"1714","operation_status":"DELETE","ad_format":"SINGLE_VIDEO","video_id":"v13",
               "identity_id":"i1","identity_type":"CUSTOMIZED_USER","ad_text":"Gone"}],
             "page_info":{"page":1,"page_size":1000,"total_number":3,"total_page":1}}}
            """);
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r3","data":{"adgroup_id":"1799","adgroup_name":"exp-7 B"}}""");
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r4","data":{"ad_ids":["21"]}}""");
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r5","data":{"ad_ids":["22"]}}""");
        var request = new AdSetCloneRequest(Original, "exp-7 B", AgeGroup.Age55Plus, Interests.Tech | Interests.Gaming, new Money(25m, "USD"), AdSetStatus.Paused);

        var copy = await CreateSut().CloneAdGroupAsync(Account, request, TestContext.Current.CancellationToken);

        Assert.Equal(new AdSetRef(Platform.TikTok, "1799"), copy);
        Assert.Equal(5, _handler.Requests.Count);
        Assert.All(_handler.Requests, r => Assert.Equal(Token, r.Headers["Access-Token"]));
        const string filter = "%7B%22adgroup_ids%22%3A%5B%221714%22%5D%7D";
        Assert.Equal($"https://business-api.tiktok.com/open_api/v1.3/adgroup/get/?advertiser_id=7001&filtering={filter}&page=1&page_size=1", _handler.Requests[0].Uri.AbsoluteUri);
        Assert.Equal($"https://business-api.tiktok.com/open_api/v1.3/ad/get/?advertiser_id=7001&filtering={filter}&page=1&page_size=1000", _handler.Requests[1].Uri.AbsoluteUri);

        var create = _handler.Requests[2];
        Assert.Equal(HttpMethod.Post, create.Method);
        Assert.Equal("https://business-api.tiktok.com/open_api/v1.3/adgroup/create/", create.Uri.AbsoluteUri);
        Assert.Equal("application/json", create.ContentType);
        Assert.Equal(
            """{"advertiser_id":"7001","campaign_id":"9","adgroup_name":"exp-7 B","placement_type":"PLACEMENT_TYPE_AUTOMATIC","location_ids":["6252001"],"promotion_type":"WEBSITE","optimization_goal":"CONVERT","optimization_event":"SHOPPING","billing_event":"OCPM","pacing":"PACING_MODE_SMOOTH","schedule_type":"SCHEDULE_FROM_NOW","budget_mode":"BUDGET_MODE_DAY","budget":25,"bid_type":"BID_TYPE_CUSTOM","conversion_bid_price":12.0,"age_groups":["AGE_55_100"],"interest_category_ids":["13","19"],"operation_status":"DISABLE"}""",
            create.Body);

        Assert.Equal("https://business-api.tiktok.com/open_api/v1.3/ad/create/", _handler.Requests[3].Uri.AbsoluteUri);
        Assert.Equal(
            """{"advertiser_id":"7001","adgroup_id":"1799","operation_status":"ENABLE","creatives":[{"ad_name":"ugc_unboxing_v1","ad_format":"SINGLE_VIDEO","video_id":"v11","identity_id":"i1","identity_type":"CUSTOMIZED_USER","ad_text":"Shop","call_to_action":"SHOP_NOW","landing_page_url":"https://s.example/"}]}""",
            _handler.Requests[3].Body);
        Assert.Equal(
            """{"advertiser_id":"7001","adgroup_id":"1799","operation_status":"DISABLE","creatives":[{"ad_name":"discount_20off_v1","ad_format":"SINGLE_VIDEO","video_id":"v12","identity_id":"i1","identity_type":"CUSTOMIZED_USER","ad_text":"Sale"}]}""",
            _handler.Requests[4].Body);
        Assert.NotNull(JsonNode.Parse(_handler.Requests[4].Body!));
    }

    [Fact]
    public async Task CloneAdGroupAsync_CampaignOwnsTheBudget_RefusesBeforeAnyWrite()
    {
        _handler.RespondJson("""
            {"code":0,"message":"OK","request_id":"r1","data":{"list":[
              {"adgroup_id":"1714","adgroup_name":"Cbo","campaign_id":"9","operation_status":"ENABLE","budget_mode":"BUDGET_MODE_INFINITE","budget":0}],
             "page_info":{"page":1,"page_size":1,"total_number":1,"total_page":1}}}
            """);
        var request = new AdSetCloneRequest(Original, "x", AgeGroup.Age25To34, Interests.None, new Money(25m, "USD"), AdSetStatus.Active);

        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => CreateSut().CloneAdGroupAsync(Account, request, TestContext.Current.CancellationToken));

        Assert.Contains("BUDGET_MODE_INFINITE", ex.Message, StringComparison.Ordinal);
        Assert.All(_handler.Requests, r => Assert.Equal(HttpMethod.Get, r.Method));
    }

    [Fact]
    public async Task CloneAdGroupAsync_CreateRefused_ThrowsWithTheEnvelopeCodeAndCreatesNoAds()
    {
        _handler.RespondJson("""
            {"code":0,"message":"OK","request_id":"r1","data":{"list":[{"adgroup_id":"1714","adgroup_name":"O","campaign_id":"9","operation_status":"ENABLE","budget_mode":"BUDGET_MODE_DAY","budget":50}],
             "page_info":{"page":1,"page_size":1,"total_number":1,"total_page":1}}}
            """);
        _handler.RespondJson("""{"code":0,"message":"OK","request_id":"r2","data":{"list":[],"page_info":{"page":1,"page_size":1000,"total_number":0,"total_page":0}}}""");
        _handler.RespondJson("""{"code":40002,"message":"budget: too low","request_id":"r3","data":{}}""");
        var request = new AdSetCloneRequest(Original, "x", AgeGroup.Age25To34, Interests.None, new Money(1m, "USD"), AdSetStatus.Active);

        var ex = await Assert.ThrowsAsync<PlatformRequestRejectedException>(() => CreateSut().CloneAdGroupAsync(Account, request, TestContext.Current.CancellationToken));

        Assert.Equal("40002", ex.Context.ErrorCode);
        Assert.Equal(3, _handler.Requests.Count);
    }

    private TikTokAdGroupsClient CreateSut() => TestClients.TikTokAdGroups(_handler, new TikTokOptions { AccessToken = Token });
}

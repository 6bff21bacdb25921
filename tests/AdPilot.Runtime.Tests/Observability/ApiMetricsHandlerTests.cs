using System.Net;
using System.Text;
using AdPilot.Runtime.Observability;

namespace AdPilot.Runtime.Tests.Observability;

/// <summary>
/// The handler's reading of each platform's answers, on canned responses (the exact error shapes of api-reference §1.7,
/// §2.4 and §3, some of which the sandbox cannot be made to send); the sandbox run is in <see cref="CycleMetricsTests"/>.
/// </summary>
public sealed class ApiMetricsHandlerTests : IDisposable
{
    private readonly AdPilotMetrics _metrics = new();
    private readonly RecordedMeasurements _recorded;

    public ApiMetricsHandlerTests() => _recorded = new RecordedMeasurements(_metrics);

    [Theory]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"message":"User request limit reached","code":17,"error_subcode":2446079}}""", "throttled")]
    [InlineData(HttpStatusCode.Forbidden, """{"error":{"message":"Ads API rate limit","code":80004}}""", "throttled")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"message":"Session expired","code":190}}""", "auth")]
    [InlineData(HttpStatusCode.InternalServerError, """{"error":{"message":"Unknown error","code":1,"is_transient":true}}""", "server")]
    [InlineData(HttpStatusCode.BadRequest, """{"error":{"message":"Invalid parameter","code":100}}""", "client")]
    [InlineData(HttpStatusCode.BadGateway, "<html>bad gateway</html>", "server")]
    public async Task SendAsync_MetaError_CountsItsKind(HttpStatusCode status, string body, string kind)
    {
        await SendAsync(ApiPlatforms.Meta, Json(status, body));

        Assert.Equal([("meta", "4xx or 5xx")], _recorded.Of("adpilot.api.calls").Select(c => (c["platform"], c["status"] is "4xx" or "5xx" ? "4xx or 5xx" : c["status"])));
        Assert.Equal(["meta:" + kind], _recorded.Of("adpilot.api.errors").Select(e => $"{e["platform"]}:{e["kind"]}"));
    }

    [Fact]
    public async Task SendAsync_MetaUsageHeaders_SetHeadroomFromTheHighestPercentage()
    {
        var response = Json(HttpStatusCode.OK, """{"data":[]}""");
        response.Headers.Add("X-App-Usage", """{"call_count":12,"total_cputime":3,"total_time":20}""");
        response.Headers.Add("X-Business-Use-Case-Usage", """{"123":[{"type":"ads_insights","call_count":64,"total_cputime":10,"total_time":9,"estimated_time_to_regain_access":0}]}""");

        await SendAsync(ApiPlatforms.Meta, response);

        Assert.Equal(0.36, _metrics.HeadroomOf("meta")!.Value, 6);
        Assert.Empty(_recorded.Of("adpilot.api.errors"));
    }

    [Theory]
    [InlineData("""{"code":0,"message":"OK","request_id":"r1","data":{"list":[]}}""", null)]
    [InlineData("""{"code":40100,"message":"Too many requests","request_id":"r2","data":{}}""", "throttled")]
    [InlineData("""{"code":40105,"message":"Access token invalid","request_id":"r3"}""", "auth")]
    [InlineData("""{"code":50000,"message":"System error","request_id":"r4"}""", "server")]
    [InlineData("""{"message":"missing code first","code":40002}""", "client")]
    public async Task SendAsync_TikTokEnvelope_CountsTheErrorsOfHttp200Answers(string body, string? kind)
    {
        await SendAsync(ApiPlatforms.TikTok, Json(HttpStatusCode.OK, body));

        Assert.Equal(["2xx"], _recorded.Of("adpilot.api.calls").Select(c => c["status"]));
        Assert.Equal(kind is null ? [] : [kind], _recorded.Of("adpilot.api.errors").Select(e => e["kind"]));
        Assert.Null(_metrics.HeadroomOf("tiktok"));
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(40133, "throttled")]
    public async Task SendAsync_TikTokReportPageLargerThanThePrefixRead_ReadsTheCode_AndLeavesTheBodyWhole(int code, string? kind)
    {
        var rows = string.Join(",", Enumerable.Range(0, 500).Select(i => $$$"""{"dimensions":{"adgroup_id":"{{{i}}}","stat_time_hour":"2026-03-15 12:00:00"},"metrics":{"spend":"1.00"}}"""));
        var body = $$"""{"code":{{code}},"message":"OK","request_id":"r5","data":{"list":[""" + rows + "]}}";

        var response = await SendAsync(ApiPlatforms.TikTok, Json(HttpStatusCode.OK, body));

        Assert.True(body.Length > 4096);
        Assert.Equal(kind is null ? [] : [kind], _recorded.Of("adpilot.api.errors").Select(e => e["kind"]));
        Assert.Equal(body, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SendAsync_ShopifyThrottled_CountsItAndSetsTheBucketsHeadroom_LeavingTheBodyReadable()
    {
        const string body = """
            {"errors":[{"message":"Throttled","extensions":{"code":"THROTTLED"}}],
             "extensions":{"cost":{"requestedQueryCost":752,"actualQueryCost":null,"throttleStatus":{"maximumAvailable":2000.0,"currentlyAvailable":500,"restoreRate":100.0}}}}
            """;

        var response = await SendAsync(ApiPlatforms.Shopify, Json(HttpStatusCode.OK, body), new HttpRequestMessage(HttpMethod.Post, "https://shop.myshopify.com/admin/api/2025-10/graphql.json"));

        Assert.Equal(["throttled"], _recorded.Of("adpilot.api.errors").Select(e => e["kind"]));
        Assert.Equal(0.25, _metrics.HeadroomOf("shopify"));
        Assert.Equal(body, await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SendAsync_ShopifyBulkDownload_IsCountedButNotRead()
    {
        await SendAsync(
            ApiPlatforms.Shopify,
            Json(HttpStatusCode.OK, """{"errors":[{"message":"not a GraphQL answer"}]}"""),
            new HttpRequestMessage(HttpMethod.Get, "https://storage.example.com/bulk/result.jsonl"));

        Assert.Single(_recorded.Of("adpilot.api.calls"));
        Assert.Empty(_recorded.Of("adpilot.api.errors"));
        Assert.Null(_metrics.HeadroomOf("shopify"));
    }

    [Fact]
    public async Task SendAsync_NoAnswer_CountsNetworkOrTimeout_AndRethrows()
    {
        await Assert.ThrowsAsync<HttpRequestException>(() => SendAsync(ApiPlatforms.Meta, new HttpRequestException("refused")));
        await Assert.ThrowsAsync<TaskCanceledException>(() => SendAsync(ApiPlatforms.TikTok, new TaskCanceledException("attempt timed out")));
        await SendAsync(ApiPlatforms.Shopify, Json(HttpStatusCode.TooManyRequests, "{}"), new HttpRequestMessage(HttpMethod.Post, "https://s.myshopify.com/admin/api/2025-10/graphql.json"));

        Assert.Equal(["meta:none", "tiktok:none", "shopify:4xx"], _recorded.Of("adpilot.api.calls").Select(c => $"{c["platform"]}:{c["status"]}"));
        Assert.Equal(["meta:network", "tiktok:timeout", "shopify:throttled"], _recorded.Of("adpilot.api.errors").Select(e => $"{e["platform"]}:{e["kind"]}"));
        Assert.Equal(1, _metrics.ApiErrorTotal("meta"));
    }

    public void Dispose()
    {
        _recorded.Dispose();
        _metrics.Dispose();
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string body) =>
        new(status) { Content = new StringContent(body, Encoding.UTF8, "application/json") };

    private async Task<HttpResponseMessage> SendAsync(string platform, object answer, HttpRequestMessage? request = null)
    {
        using var invoker = new HttpMessageInvoker(new ApiMetricsHandler(platform, _metrics) { InnerHandler = new Canned(answer) });
        using var sent = request ?? new HttpRequestMessage(HttpMethod.Get, "https://api.example.com/v1/thing");
        return await invoker.SendAsync(sent, TestContext.Current.CancellationToken);
    }

    /// <summary>Answers every request with one response, or throws one exception.</summary>
    private sealed class Canned(object answer) : HttpMessageHandler
    {
        protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken) =>
            answer is Exception ex ? Task.FromException<HttpResponseMessage>(ex) : Task.FromResult((HttpResponseMessage)answer);
    }
}

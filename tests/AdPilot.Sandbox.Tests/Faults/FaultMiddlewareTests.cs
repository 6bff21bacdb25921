using System.Text.Json;
using Microsoft.Extensions.Time.Testing;

namespace AdPilot.Sandbox.Tests.Faults;

/// <summary>Each fault kind over real loopback HTTP, with probability 1 on the targeted endpoint.</summary>
public sealed class FaultMiddlewareTests
{
    [Fact]
    public async Task Http429_OnMetaInsights_Answers429WithRetryAfter_AndLeavesOtherEndpointsAlone()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"insights","fault":"http_429","probability":1,"retryAfterSeconds":7}]}""");

        var insights = await FaultCalls.MetaInsightsAsync(server);
        var account = await FaultCalls.MetaAccountAsync(server);
        var tiktok = await FaultCalls.TikTokAdGroupsAsync(server);
        var shopify = await FaultCalls.ShopifyShopAsync(server);

        Assert.Equal(429, insights.Status);
        Assert.Equal(TimeSpan.FromSeconds(7), insights.Headers.RetryAfter?.Delta);
        Assert.Equal(200, account.Status);
        Assert.Equal(0, tiktok.Json().GetProperty("code").GetInt32());
        Assert.True(shopify.Json().TryGetProperty("data", out _));
    }

    [Fact]
    public async Task AnyPlatformEveryEndpoint_HitsEachPlatform_ButNotTheSandboxControls()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"any","endpoint":"*","fault":"http_429","probability":1}]}""");

        Assert.Equal(429, (await FaultCalls.MetaAccountAsync(server)).Status);
        Assert.Equal(429, (await FaultCalls.TikTokAdGroupsAsync(server)).Status);
        Assert.Equal(429, (await FaultCalls.ShopifyShopAsync(server)).Status);
        Assert.Equal(200, (await FaultCalls.ClockAsync(server)).Status);
        Assert.Equal(TimeSpan.FromSeconds(1), (await FaultCalls.MetaInsightsAsync(server)).Headers.RetryAfter?.Delta);
    }

    [Fact]
    public async Task Throttle_MetaInsights_Http400Code80000_WithUsageAtTheLimitAndMinutesToRegainAccess()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"insights","fault":"throttle","probability":1,"retryAfterSeconds":90}]}""");

        var answer = await FaultCalls.MetaInsightsAsync(server);

        Assert.Equal(400, answer.Status);
        var error = answer.Json().GetProperty("error");
        Assert.Equal(80000, error.GetProperty("code").GetInt32());
        Assert.StartsWith("(#80000)", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(error.GetProperty("fbtrace_id").GetString()));
        var entry = answer.Header("X-Business-Use-Case-Usage").GetProperty(server.Meta.AccountDigits)[0];
        Assert.Equal("ads_insights", entry.GetProperty("type").GetString());
        Assert.Equal(100, entry.GetProperty("call_count").GetInt32());
        Assert.Equal(2, entry.GetProperty("estimated_time_to_regain_access").GetInt32()); // 90 s, in whole minutes
    }

    [Theory]
    [InlineData(null, 80004)]
    [InlineData(17, 17)]
    [InlineData(4, 4)]
    public async Task Throttle_MetaAdSetUpdate_AnswersTheChosenCode_AndDoesNotApplyTheUpdate(int? code, int expected)
    {
        var codeField = code is null ? "" : $",\"code\":{code}";
        await using var server = await FaultCalls.StartAsync($$"""{"rules":[{"platform":"meta","endpoint":"adset_update","fault":"throttle","probability":1{{codeField}}}]}""");
        var adSet = FaultCalls.MetaAdSet(server);

        var answer = await FaultCalls.MetaUpdateAsync(server, adSet.Ref.ExternalId, "PAUSED");

        Assert.Equal(400, answer.Status);
        Assert.Equal(expected, answer.Json().GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("ads_management", answer.Header("X-Business-Use-Case-Usage").GetProperty(server.Meta.AccountDigits)[0].GetProperty("type").GetString());
        Assert.True(FaultCalls.IsActive(server, adSet));
    }

    [Theory]
    [InlineData(null, 40100)]
    [InlineData(40133, 40133)]
    public async Task Throttle_TikTok_Http200WithTheCodeAndARequestId_AndNoRateLimitHeaders(int? code, int expected)
    {
        var codeField = code is null ? "" : $",\"code\":{code}";
        await using var server = await FaultCalls.StartAsync($$"""{"rules":[{"platform":"tiktok","endpoint":"adgroup_get","fault":"throttle","probability":1{{codeField}}}]}""");

        var answer = await FaultCalls.TikTokAdGroupsAsync(server);

        Assert.Equal(200, answer.Status);
        var body = answer.Json();
        Assert.Equal(expected, body.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.GetProperty("request_id").GetString()));
        Assert.Null(answer.Headers.RetryAfter);
        Assert.DoesNotContain(answer.Headers, h => h.Key.Contains("rate", StringComparison.OrdinalIgnoreCase) || h.Key.Contains("usage", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public async Task Throttle_Shopify_Http200Throttled_WithCostNumbersThatGiveTheWait()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"shopify","fault":"throttle","probability":1,"retryAfterSeconds":3}]}""");

        var answer = await FaultCalls.ShopifyShopAsync(server);

        Assert.Equal(200, answer.Status);
        var body = answer.Json();
        Assert.False(body.TryGetProperty("data", out _));
        Assert.Equal("THROTTLED", body.GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
        var cost = body.GetProperty("extensions").GetProperty("cost");
        Assert.Equal(JsonValueKind.Null, cost.GetProperty("actualQueryCost").ValueKind);
        var status = cost.GetProperty("throttleStatus");
        var wait = (cost.GetProperty("requestedQueryCost").GetDouble() - status.GetProperty("currentlyAvailable").GetDouble()) / status.GetProperty("restoreRate").GetDouble();
        Assert.Equal(3, wait);
    }

    [Fact]
    public async Task Throttle_ShopifyWithStatus429_AddsRetryAfter()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"shopify","fault":"throttle","probability":1,"status":429,"retryAfterSeconds":2}]}""");

        var answer = await FaultCalls.ShopifyShopAsync(server);

        Assert.Equal(429, answer.Status);
        Assert.Equal(TimeSpan.FromSeconds(2), answer.Headers.RetryAfter?.Delta);
        Assert.Equal("THROTTLED", answer.Json().GetProperty("errors")[0].GetProperty("extensions").GetProperty("code").GetString());
    }

    [Fact]
    public async Task UsageNearLimit_Meta_RealAnswerWithUsageHeadersFrom90To99Percent()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"account","fault":"usage_near_limit","probability":1}]}""");

        var answer = await FaultCalls.MetaAccountAsync(server);
        var other = await FaultCalls.MetaInsightsAsync(server);

        Assert.Equal(200, answer.Status);
        Assert.Equal(server.Meta.AccountId, answer.Json().GetProperty("id").GetString());
        Assert.InRange(answer.Header("X-App-Usage").GetProperty("call_count").GetInt32(), 90, 99);
        Assert.InRange(answer.Header("X-Ad-Account-Usage").GetProperty("acc_id_util_pct").GetDouble(), 90, 99);
        Assert.All(
            answer.Header("X-Business-Use-Case-Usage").GetProperty(server.Meta.AccountDigits).EnumerateArray(),
            e => Assert.InRange(e.GetProperty("call_count").GetInt32(), 90, 99));
        Assert.InRange(other.Header("X-App-Usage").GetProperty("call_count").GetInt32(), 0, 10);
    }

    [Fact]
    public async Task ServerError_Meta_TheChosenStatusWithRetryAfterAndATransientGraphError()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"insights","fault":"server_error","probability":1,"status":503,"retryAfterSeconds":5}]}""");

        var answer = await FaultCalls.MetaInsightsAsync(server);

        Assert.Equal(503, answer.Status);
        Assert.Equal(TimeSpan.FromSeconds(5), answer.Headers.RetryAfter?.Delta);
        var error = answer.Json().GetProperty("error");
        Assert.Equal(2, error.GetProperty("code").GetInt32());
        Assert.True(error.GetProperty("is_transient").GetBoolean());
    }

    [Fact]
    public async Task ServerError_ShopifyAndTikTok_PlainStatusByDefault_TikTokCodeWithHttp200()
    {
        await using var server = await FaultCalls.StartAsync("""
            {"rules":[
              {"platform":"shopify","fault":"server_error","probability":1,"status":502},
              {"platform":"tiktok","endpoint":"adgroup_get","fault":"server_error","probability":1,"code":50002}
            ]}
            """);

        var shopify = await FaultCalls.ShopifyShopAsync(server);
        var tiktok = await FaultCalls.TikTokAdGroupsAsync(server);

        Assert.Equal(502, shopify.Status);
        Assert.Equal("Bad Gateway", shopify.Json().GetProperty("errors").GetString());
        Assert.Equal(200, tiktok.Status);
        Assert.Equal(50002, tiktok.Json().GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task ServerError_TikTokWithoutCode_Http500FromTheGateway()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"tiktok","fault":"server_error","probability":1}]}""");

        var answer = await FaultCalls.TikTokAdGroupsAsync(server);

        Assert.Equal(500, answer.Status);
        Assert.Equal("text/plain", answer.MediaType);
    }

    [Fact]
    public async Task ExpiredToken_EachPlatformsOwnAuthError()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"any","fault":"expired_token","probability":1}]}""");

        var meta = await FaultCalls.MetaAccountAsync(server);
        var tiktok = await FaultCalls.TikTokAdGroupsAsync(server);
        var shopify = await FaultCalls.ShopifyShopAsync(server);

        Assert.Equal(400, meta.Status);
        var error = meta.Json().GetProperty("error");
        Assert.Equal(190, error.GetProperty("code").GetInt32());
        Assert.Equal(463, error.GetProperty("error_subcode").GetInt32());
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
        Assert.Equal(200, tiktok.Status);
        Assert.Equal(40102, tiktok.Json().GetProperty("code").GetInt32());
        Assert.Equal(401, shopify.Status);
        Assert.Contains("Invalid API key or access token", shopify.Json().GetProperty("errors").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task MalformedBody_Http200WithInvalidJson_AfterTheRequestRan()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"adset_update","fault":"malformed_body","probability":1}]}""");
        var adSet = FaultCalls.MetaAdSet(server);

        var answer = await FaultCalls.MetaUpdateAsync(server, adSet.Ref.ExternalId, "PAUSED");

        Assert.Equal(200, answer.Status);
        Assert.Equal("application/json", answer.MediaType);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(answer.Body));
        Assert.StartsWith(answer.Body, """{"success":true}""", StringComparison.Ordinal);
        Assert.False(FaultCalls.IsActive(server, adSet));
    }

    [Fact]
    public async Task MalformedBody_ShopifyGraphQl_ATruncatedAnswer()
    {
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"shopify","fault":"malformed_body","probability":1}]}""");

        var answer = await FaultCalls.ShopifyShopAsync(server);

        Assert.Equal(200, answer.Status);
        Assert.StartsWith("{\"data\"", answer.Body, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(answer.Body));
    }

    [Fact]
    public async Task Latency_HoldsTheAnswerUntilTheServerTimeMoves_ThenAnswersNormally()
    {
        var time = new FakeTimeProvider();
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"tiktok","fault":"latency","probability":1,"latencyMs":5000}]}""", time);

        var call = FaultCalls.TikTokAdGroupsAsync(server);
        await FaultCalls.WaitForInjectedAsync(server, 1);
        await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, TestContext.Current.CancellationToken));
        Assert.False(call.IsCompleted);

        // As for the timeout below: the delay's timer may not exist yet, so the clock moves on until the answer comes.
        for (var i = 0; i < 600 && !call.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromSeconds(5));
            await Task.WhenAny(call, Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken));
        }

        var answer = await call.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken);

        Assert.Equal(0, answer.Json().GetProperty("code").GetInt32());
    }

    [Fact]
    public async Task Timeout_HoldsTheRequestPastTheClientsTimeout_ThenDropsTheConnection()
    {
        var time = new FakeTimeProvider();
        await using var server = await FaultCalls.StartAsync("""{"rules":[{"platform":"meta","endpoint":"insights","fault":"timeout","probability":1,"holdMs":600000,"times":2}]}""", time);

        using (var clientTimeout = new CancellationTokenSource())
        {
            var first = FaultCalls.MetaInsightsUntilAsync(server, clientTimeout.Token);
            await FaultCalls.WaitForInjectedAsync(server, 1);
            await clientTimeout.CancelAsync();
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => first.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        }

        var second = FaultCalls.MetaInsightsAsync(server);
        await FaultCalls.WaitForInjectedAsync(server, 2);

        // The fault is counted before the middleware starts its hold (it reads the request body first): a single advance can
        // come before the hold's timer exists and be lost, so the clock moves on until the connection is dropped.
        for (var i = 0; i < 600 && !second.IsCompleted; i++)
        {
            time.Advance(TimeSpan.FromMinutes(10));
            await Task.WhenAny(second, Task.Delay(TimeSpan.FromMilliseconds(50), TimeProvider.System, TestContext.Current.CancellationToken));
        }

        await Assert.ThrowsAsync<HttpRequestException>(() => second.WaitAsync(TimeSpan.FromSeconds(30), TestContext.Current.CancellationToken));
        Assert.Equal(200, (await FaultCalls.MetaInsightsAsync(server)).Status); // times: 2, so the third call is answered
    }
}

using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Connectors.Meta;
using AdPilot.Connectors.Tests.TestData;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using Microsoft.Extensions.Options;

namespace AdPilot.Connectors.Tests.Meta;

public sealed class MetaInsightsClientTests
{
    private const string Token = "EAAB-secret-token";
    private const string Secret = "app-secret";
    private static readonly AdAccountRef Account = new(Platform.Instagram, "798085168510957", "USD");
    private static readonly DateOnly Day = new(2026, 1, 5);

    private readonly StubHandler _handler = new();

    [Fact]
    public async Task GetHourlyInsightsAsync_FirstPage_SendsThePinnedRequest()
    {
        _handler.RespondJson("""{"data":[]}""");

        await CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://graph.facebook.com/v25.0/act_798085168510957/insights", request.Uri.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
        Assert.Equal("adset", query["level"]);
        Assert.Equal(
            "spend,impressions,clicks,cpm,actions,action_values,purchase_roas,adset_id,adset_name,account_currency,date_start,date_stop",
            query["fields"]);
        Assert.Equal("hourly_stats_aggregated_by_advertiser_time_zone", query["breakdowns"]);
        Assert.Equal("""{"since":"2026-01-05","until":"2026-01-05"}""", query["time_range"]);
        Assert.Equal("5000", query["limit"]);
        Assert.Null(query["after"]);
        Assert.Equal(Token, query["access_token"]);
        Assert.Equal(AppSecretProof.Compute(Secret, Token), query["appsecret_proof"]);
        Assert.Equal(7, query.Count);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_FirstPage_SendsThePinnedRequest()
    {
        _handler.RespondJson("""{"data":[]}""");

        await CreateSut().GetDailyInsightsAsync(Account, Day, Day.AddDays(3), TestContext.Current.CancellationToken);

        var request = Assert.Single(_handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://graph.facebook.com/v25.0/act_798085168510957/insights", request.Uri.GetLeftPart(UriPartial.Path));
        var query = System.Web.HttpUtility.ParseQueryString(request.Uri.Query);
        Assert.Equal("adset", query["level"]);
        Assert.Equal("spend,impressions,clicks,adset_id,account_currency,date_start,date_stop", query["fields"]);
        Assert.Null(query["breakdowns"]);
        Assert.Equal("""{"since":"2026-01-05","until":"2026-01-08"}""", query["time_range"]);
        Assert.Equal("1", query["time_increment"]);
        Assert.Equal("5000", query["limit"]);
        Assert.Equal(Token, query["access_token"]);
        Assert.Equal(AppSecretProof.Compute(Secret, Token), query["appsecret_proof"]);
        Assert.Equal(7, query.Count);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_TwoPagesOfDays_ReadsEachDayWithoutPurchases()
    {
        _handler.RespondJson(Page([DayRow("1", "2026-01-05", "2026-01-05", "10.50")], next: true, after: "NzIZD"));
        _handler.RespondJson(Page([DayRow("1", "2026-01-06", "2026-01-06", "3.25")], next: false, after: null));

        var rows = await CreateSut().GetDailyInsightsAsync(Account, Day, Day.AddDays(1), TestContext.Current.CancellationToken);

        Assert.Equal([Day, Day.AddDays(1)], rows.Select(r => r.Day));
        Assert.Equal(new AdSetRef(Platform.Instagram, "1"), rows[0].AdSet);
        Assert.Equal(new Money(10.50m, "USD"), rows[0].Spend);
        Assert.Equal((4000L, 120L), (rows[0].Impressions, rows[0].Clicks));
        Assert.All(rows, r => Assert.Null(r.Conversions));
        Assert.Equal("NzIZD", System.Web.HttpUtility.ParseQueryString(_handler.Requests[1].Uri.Query)["after"]);
    }

    [Fact]
    public async Task GetDailyInsightsAsync_RowOverSeveralDays_FailsNamingDateStop()
    {
        _handler.RespondJson(Page([DayRow("1", "2026-01-05", "2026-01-06", "10.50")], next: false, after: null));

        var ex = await Assert.ThrowsAsync<PlatformResponseException>(
            () => CreateSut().GetDailyInsightsAsync(Account, Day, Day.AddDays(1), TestContext.Current.CancellationToken));

        Assert.Contains("date_stop", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_TwoPages_ReAsksWithTheAfterCursor()
    {
        _handler.RespondJson(Page([Row("1", 9, "1.50")], next: true, after: "NzIZD"));
        _handler.RespondJson(Page([Row("2", 10, "2.25")], next: false, after: "END"));

        var rows = await CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken);

        Assert.Equal(["1", "2"], rows.Select(r => r.AdSet.ExternalId));
        var second = System.Web.HttpUtility.ParseQueryString(_handler.Requests[1].Uri.Query);
        Assert.Equal("NzIZD", second["after"]);
        Assert.NotNull(second["appsecret_proof"]);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_HourlyRow_ReadsStringNumbersAndTheCanonicalPurchase()
    {
        _handler.RespondJson(Page([Row("23854404706320548", 13, "14.35")], next: false, after: null));

        var row = Assert.Single(await CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Equal(new AdSetRef(Platform.Instagram, "23854404706320548"), row.AdSet);
        Assert.Equal(Day, row.Day);
        Assert.Equal(13, row.Hour);
        Assert.Equal(new Money(14.35m, "USD"), row.Spend);
        Assert.Equal(185, row.Impressions);
        Assert.Equal(9, row.Clicks);
        Assert.Equal(2, row.Conversions);
        Assert.Equal(new Money(59.90m, "USD"), row.ConversionValue);
    }

    [Fact]
    public void ParsePage_RealAirbyteRowsWithAnHourBucket_ReadsActionsArraysAndStopsWithoutNext()
    {
        var fixture = FixtureFiles.Json("meta", "insights_ad_level_actions.airbyte.json");
        foreach (var row in fixture["data"]!.AsArray())
        {
            row!["hourly_stats_aggregated_by_advertiser_time_zone"] = "00:00:00 - 00:59:59";
        }

        using var document = JsonDocument.Parse(fixture.ToJsonString());
        var (rows, after) = MetaInsightsParser.ParsePage(
            document.RootElement, Account, "omni_purchase", new PlatformErrorContext(ExternalApi.Meta, Account.AccountId));

        Assert.Null(after);
        Assert.Equal(2, rows.Count);
        Assert.Equal(new Money(14.35m, "USD"), rows[0].Spend);
        Assert.Equal(185, rows[0].Impressions);
        Assert.Equal(9, rows[0].Clicks);
        Assert.Equal(new DateOnly(2023, 6, 1), rows[0].Day);
        Assert.Null(rows[0].Conversions);
        Assert.Null(rows[0].ConversionValue);
    }

    [Theory]
    [InlineData("spend", "\"14,35\"", "data[0].spend")]
    [InlineData("impressions", "\"lots\"", "data[0].impressions")]
    [InlineData("hourly_stats_aggregated_by_advertiser_time_zone", "\"13:00:00 - 14:59:59\"", "data[0].hourly_stats")]
    [InlineData("adset_id", "null", "data[0].adset_id is missing")]
    [InlineData("account_currency", "\"EUR\"", "account's currency is USD")]
    public async Task GetHourlyInsightsAsync_BadRow_FailsThePullNamingTheField(string field, string json, string expected)
    {
        var row = JsonNode.Parse(Row("1", 3, "1.00"))!;
        row[field] = JsonNode.Parse(json);
        _handler.RespondJson(Page([row.ToJsonString()], next: false, after: null));

        var ex = await Assert.ThrowsAsync<PlatformResponseException>(
            () => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Contains(expected, ex.Message, StringComparison.Ordinal);
        Assert.Equal("798085168510957", ex.Context.AccountId);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_GraphError_ThrowsTypedErrorWithoutSecrets()
    {
        _handler.Respond(HttpStatusCode.BadRequest,
            """{"error":{"message":"(#17) User request limit reached","type":"OAuthException","code":17,"error_subcode":2446079,"fbtrace_id":"AbC"}}""");

        var ex = await Assert.ThrowsAsync<PlatformRateLimitedException>(
            () => CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Equal("AbC", ex.Context.RequestId);
        Assert.DoesNotContain(Token, ex.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(AppSecretProof.Compute(Secret, Token), ex.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_TooMuchData_AsksForTheSamePageHalvedAndKeepsTheSmallerSize()
    {
        const string tooMuch = """
            {"error":{"message":"Please reduce the amount of data you're asking for, then retry your request","type":"OAuthException","code":1,"error_subcode":99,"fbtrace_id":"Tm1"}}
            """;
        _handler.RespondJson(Page([Row("1", 9, "1.50")], next: true, after: "NzIZD"));
        _handler.Respond(HttpStatusCode.InternalServerError, tooMuch);
        _handler.RespondJson(Page([Row("2", 10, "2.25")], next: true, after: "OTAZD"));
        _handler.RespondJson(Page([Row("3", 11, "3.00")], next: false, after: "END"));

        var rows = await CreateSut().GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken);

        Assert.Equal(["1", "2", "3"], rows.Select(r => r.AdSet.ExternalId));
        var asked = _handler.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(r.Uri.Query)).ToArray();
        Assert.Equal(["5000", "5000", "2500", "2500"], asked.Select(q => q["limit"]));
        Assert.Equal([null, "NzIZD", "NzIZD", "OTAZD"], asked.Select(q => q["after"]));
    }

    [Fact]
    public async Task GetHourlyInsightsAsync_TooMuchDataAtTheSmallestPage_FailsWithMetasCode()
    {
        const string tooMuch = """
            {"error":{"message":"Please reduce the amount of data you're asking for, then retry your request","type":"OAuthException","code":1,"error_subcode":99,"fbtrace_id":"Tm2"}}
            """;
        _handler.Respond(HttpStatusCode.InternalServerError, tooMuch);
        _handler.Respond(HttpStatusCode.InternalServerError, tooMuch);
        var sut = TestClients.MetaInsights(
            _handler, new MetaOptions { AccessToken = Token, AppSecret = Secret, MaxThrottleRetries = 0, InsightsPageSize = 200, MinInsightsPageSize = 100 });

        var ex = await Assert.ThrowsAsync<PlatformUnavailableException>(
            () => sut.GetHourlyInsightsAsync(Account, Day, TestContext.Current.CancellationToken));

        Assert.Equal("1/99", ex.Context.ErrorCode);
        Assert.Equal("Tm2", ex.Context.RequestId);
        Assert.Equal(["200", "100"], _handler.Requests.Select(r => System.Web.HttpUtility.ParseQueryString(r.Uri.Query)["limit"]));
    }

    private MetaInsightsClient CreateSut() =>
        TestClients.MetaInsights(_handler, new MetaOptions { AccessToken = Token, AppSecret = Secret, MaxThrottleRetries = 0 });

    private static string Page(string[] rows, bool next, string? after)
    {
        var paging = after is null
            ? ""
            : next
                ? $$""","paging":{"cursors":{"before":"MAZDZD","after":"{{after}}"},"next":"https://graph.facebook.com/v25.0/act_1/insights?access_token=x&after={{after}}"}"""
                : ""","paging":{"cursors":{"before":"MAZDZD","after":"AFTER"}}""".Replace("AFTER", after, StringComparison.Ordinal);
        return $$"""{"data":[{{string.Join(",", rows)}}]{{paging}}}""";
    }

    private static string DayRow(string adSetId, string start, string stop, string spend) =>
        $$"""{"adset_id":"{{adSetId}}","account_currency":"USD","spend":"{{spend}}","impressions":"4000","clicks":"120","date_start":"{{start}}","date_stop":"{{stop}}"}""";

    private static string Row(string adSetId, int hour, string spend)
    {
        var bucket = $"{hour:00}:00:00 - {hour:00}:59:59";
        return new StringBuilder()
            .Append($$"""{"adset_id":"{{adSetId}}","adset_name":"Set {{adSetId}}","account_currency":"USD","spend":"{{spend}}",""")
            .Append("""  "impressions":"185","clicks":"9","cpm":"77.567568","date_start":"2026-01-05","date_stop":"2026-01-05",""")
            .Append("""  "actions":[{"action_type":"purchase","value":"2"},{"action_type":"omni_purchase","value":"2"}],""")
            .Append("""  "action_values":[{"action_type":"omni_purchase","value":"59.90"}],""")
            .Append($$"""  "hourly_stats_aggregated_by_advertiser_time_zone":"{{bucket}}"}""")
            .ToString();
    }
}

using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.TikTok;

public sealed partial class TikTokReportTests
{
    private static readonly string Day = DefaultFamily.Preset().StartDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    [Fact]
    public async Task HourlyAdGroupReport_PagedByPage_WalksEveryDeliveringHourOnce_WithStringMetrics()
    {
        await using var server = await StartAsync(hours: 24);
        var advertiser = server.TikTokAdvertiserIds[0];
        var rows = new List<JsonElement>();
        var page = 1;
        int totalPages;
        do
        {
            var (code, data) = await GetAsync(server, Query(advertiser, Day, Day) + $"&page={page}&page_size=9");
            Assert.Equal(0, code);
            rows.AddRange(data.GetProperty("list").EnumerateArray());
            var info = data.GetProperty("page_info");
            Assert.Equal(page, info.GetProperty("page").GetInt32());
            totalPages = info.GetProperty("total_page").GetInt32();
            page++;
        }
        while (page <= totalPages);

        var tiktok = server.World.AdSets.Where(a => a.Ref.Platform == Platform.TikTok).Select(a => a.Index).ToHashSet();
        var expected = server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow())
            .Where(r => tiktok.Contains(r.AdSetIndex) && (r.Impressions > 0 || r.Spend.Amount > 0)).ToArray();
        Assert.Equal(expected.Length, rows.Count);
        Assert.Equal(rows.Count, rows.Select(r => r.GetProperty("dimensions").GetRawText()).Distinct().Count());
        Assert.Equal(expected.Sum(r => r.Spend.Amount), rows.Sum(r => decimal.Parse(r.GetProperty("metrics").GetProperty("spend").GetString()!, CultureInfo.InvariantCulture)));
        foreach (var row in rows)
        {
            Assert.Matches(HourStamp(), row.GetProperty("dimensions").GetProperty("stat_time_hour").GetString()!);
            Assert.StartsWith(Day, row.GetProperty("dimensions").GetProperty("stat_time_hour").GetString()!, StringComparison.Ordinal);
            foreach (var metric in row.GetProperty("metrics").EnumerateObject())
            {
                Assert.Equal(JsonValueKind.String, metric.Value.ValueKind);
            }
        }
    }

    [Fact]
    public async Task AdvancingTheClock_ChangesTheReport()
    {
        await using var server = await StartAsync(hours: 0);
        var query = Query(server.TikTokAdvertiserIds[0], Day, Day) + "&page_size=1000";

        var (_, before) = await GetAsync(server, query);
        server.World.Advance(2);
        var (_, after) = await GetAsync(server, query);

        Assert.Equal(0, before.GetProperty("page_info").GetProperty("total_number").GetInt32());
        Assert.True(after.GetProperty("page_info").GetProperty("total_number").GetInt32() > 0);
    }

    [Theory]
    [InlineData("", 40104)]
    [InlineData("not-the-token", 40105)]
    public async Task BadToken_IsHttp200WithTheCodeEnvelope(string token, int code)
    {
        await using var server = await StartAsync(hours: 0);
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.TikTokBaseUrl, "report/integrated/get/?" + Query(server.TikTokAdvertiserIds[0], Day, Day)));
        if (token.Length > 0)
        {
            request.Headers.Add("Access-Token", token);
        }

        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));

        Assert.Equal(200, (int)response.StatusCode);
        Assert.Equal(code, body.RootElement.GetProperty("code").GetInt32());
        Assert.False(string.IsNullOrEmpty(body.RootElement.GetProperty("request_id").GetString()));
        Assert.Equal(JsonValueKind.Object, body.RootElement.GetProperty("data").ValueKind);
    }

    [Theory]
    [InlineData("end_date=2026-03-03")] // an hourly range longer than one day
    [InlineData("metrics=%5B%22spend%22%2C%22reach%22%5D")]
    [InlineData("dimensions=adgroup_id")]
    [InlineData("report_type=AUDIENCE")]
    [InlineData("page_size=1001")]
    [InlineData("advertiser_id=123")]
    public async Task BadParameters_Are40002(string replacement)
    {
        await using var server = await StartAsync(hours: 1);
        var name = replacement[..replacement.IndexOf('=', StringComparison.Ordinal)];
        var query = string.Join('&', Query(server.TikTokAdvertiserIds[0], Day, Day).Split('&').Where(p => !p.StartsWith(name + "=", StringComparison.Ordinal)).Append(replacement));

        var (code, _) = await GetAsync(server, query);

        Assert.Equal(40002, code);
    }

    [Fact]
    public async Task PathWithoutTrailingSlash_Is404()
    {
        await using var server = await StartAsync(hours: 0);

        using var response = await TestHttp.Client.GetAsync(new Uri(server.TikTokBaseUrl, "report/integrated/get"), TestContext.Current.CancellationToken);

        Assert.Equal(404, (int)response.StatusCode);
    }

    private static string Query(string advertiser, string start, string end) =>
        $"advertiser_id={advertiser}&report_type=BASIC&data_level=AUCTION_ADGROUP&service_type=AUCTION"
        + $"&dimensions={Uri.EscapeDataString("[\"adgroup_id\",\"stat_time_hour\"]")}"
        + $"&metrics={Uri.EscapeDataString("[\"spend\",\"impressions\",\"clicks\",\"cpm\",\"conversion\",\"complete_payment\",\"total_complete_payment_rate\"]")}"
        + $"&start_date={start}&end_date={end}";

    private static async Task<(int Code, JsonElement Data)> GetAsync(SandboxServer server, string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.TikTokBaseUrl, "report/integrated/get/?" + query));
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        Assert.Equal(200, (int)response.StatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (body.RootElement.GetProperty("code").GetInt32(), body.RootElement.GetProperty("data").Clone());
    }

    private static async Task<SandboxServer> StartAsync(int hours)
    {
        var server = await SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
        if (hours > 0)
        {
            server.World.Advance(hours);
        }

        return server;
    }

    [GeneratedRegex(@"^\d{4}-\d\d-\d\d \d\d:00:00$")]
    private static partial Regex HourStamp();
}

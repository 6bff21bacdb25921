using System.Text.Json;
using System.Text.RegularExpressions;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Meta;

public sealed partial class MetaInsightsTests
{
    private const string Hourly = "breakdowns=hourly_stats_aggregated_by_advertiser_time_zone";
    private static readonly DateOnly Start = DefaultFamily.Preset().StartDate;

    [Fact]
    public async Task HourlyAdSetRows_HaveStringNumbers_HourBuckets_AndNoOffMetaPurchases()
    {
        await using var server = await StartAsync(hours: 24);

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(
            server,
            server.Meta.AccountId + "/insights",
            $"level=adset&{Hourly}&{MetaUrls.TimeRange(Start, Start)}&limit=500&fields=adset_id,adset_name,spend,impressions,clicks,cpm,actions,action_values,account_currency"));

        Assert.Equal(200, status);
        var rows = body.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(DeliveringMetaHours(server), rows.Length); // an hour without delivery has no row
        foreach (var row in rows)
        {
            foreach (var field in new[] { "spend", "impressions", "clicks", "adset_id", "date_start", "date_stop" })
            {
                Assert.Equal(JsonValueKind.String, row.GetProperty(field).ValueKind);
            }

            // cpm is absent, not zero, when the hour had no impressions
            Assert.Equal(row.GetProperty("impressions").GetString() != "0", row.TryGetProperty("cpm", out var cpm) && cpm.ValueKind == JsonValueKind.String);

            Assert.Matches(HourBucket(), row.GetProperty("hourly_stats_aggregated_by_advertiser_time_zone").GetString()!);
            Assert.Equal("2026-03-02", row.GetProperty("date_start").GetString());
            Assert.Equal("USD", row.GetProperty("account_currency").GetString());
            Assert.False(row.TryGetProperty("action_values", out _));
            if (row.TryGetProperty("actions", out var actions))
            {
                Assert.All(actions.EnumerateArray(), a => Assert.Equal("link_click", a.GetProperty("action_type").GetString()));
            }
        }

        var ids = rows.Select(r => r.GetProperty("adset_id").GetString()!).ToHashSet();
        Assert.Equal(server.Meta.AdSets.Select(a => a.Ref.ExternalId).ToHashSet(), ids);
    }

    [Fact]
    public async Task HourlyRows_AddUpToTheWorldsRecords()
    {
        await using var server = await StartAsync(hours: 24);

        var (_, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(
            server, server.Meta.AccountId + "/insights", $"level=adset&{Hourly}&{MetaUrls.TimeRange(Start, Start)}&limit=500&fields=adset_id,spend,impressions"));

        var metaIndexes = server.Meta.AdSets.Select(a => a.Index).ToHashSet();
        var records = server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow()).Where(r => metaIndexes.Contains(r.AdSetIndex)).ToArray();
        var rows = body.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(records.Sum(r => r.Spend.Amount), rows.Sum(r => decimal.Parse(r.GetProperty("spend").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
        Assert.Equal(records.Sum(r => r.Impressions), rows.Sum(r => long.Parse(r.GetProperty("impressions").GetString()!, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public async Task DailyRows_WithoutBreakdown_ReportPurchasesUnderEachPurchaseActionType()
    {
        await using var server = await StartAsync(hours: 72);

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(
            server, server.Meta.AccountId + "/insights", $"level=adset&time_increment=1&{MetaUrls.TimeRange(Start, Start.AddDays(2))}&limit=500&fields=adset_id,actions,action_values,purchase_roas"));

        Assert.Equal(200, status);
        var rows = body.GetProperty("data").EnumerateArray().ToArray();
        Assert.Equal(server.Meta.AdSets.Count * 3, rows.Length);
        Assert.Equal(3, rows.Select(r => r.GetProperty("date_start").GetString()).Distinct().Count());
        Assert.All(rows, r => Assert.Equal(r.GetProperty("date_start").GetString(), r.GetProperty("date_stop").GetString()));
        var withPurchases = rows.Where(r => r.TryGetProperty("action_values", out _)).ToArray();
        Assert.NotEmpty(withPurchases);
        foreach (var row in withPurchases)
        {
            var types = row.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("action_type").GetString()).ToArray();
            Assert.Contains("purchase", types);
            Assert.Contains("omni_purchase", types);
            Assert.Equal(JsonValueKind.String, row.GetProperty("purchase_roas")[0].GetProperty("value").ValueKind);
        }
    }

    [Fact]
    public async Task Paging_FollowingNext_WalksEveryRowExactlyOnce()
    {
        await using var server = await StartAsync(hours: 48);
        var first = MetaUrls.Signed(
            server, server.Meta.AccountId + "/insights", $"level=adset&{Hourly}&time_increment=1&{MetaUrls.TimeRange(Start, Start.AddDays(1))}&limit=7&fields=adset_id,spend");

        var seen = new List<string>();
        var pages = 0;
        Uri? next = first;
        while (next is not null)
        {
            var (status, body) = await TestHttp.GetJsonAsync(next);
            Assert.Equal(200, status);
            var data = body.GetProperty("data").EnumerateArray().ToArray();
            Assert.InRange(data.Length, 1, 7);
            seen.AddRange(data.Select(r => $"{r.GetProperty("adset_id").GetString()} {r.GetProperty("date_start").GetString()} {r.GetProperty("hourly_stats_aggregated_by_advertiser_time_zone").GetString()}"));
            var paging = body.GetProperty("paging");
            Assert.Equal(JsonValueKind.String, paging.GetProperty("cursors").GetProperty("after").ValueKind);
            next = paging.TryGetProperty("next", out var n) ? new Uri(n.GetString()!) : null;
            pages++;
        }

        var expected = DeliveringMetaHours(server);
        Assert.True(expected > 100, $"only {expected} rows");
        Assert.Equal(expected, seen.Count);
        Assert.Equal(expected, seen.Distinct().Count());
        Assert.Equal((expected + 6) / 7, pages);
    }

    [Fact]
    public async Task Paging_WithTheAfterCursor_GivesTheNextPage()
    {
        await using var server = await StartAsync(hours: 24);
        var query = $"level=adset&{Hourly}&{MetaUrls.TimeRange(Start, Start)}&limit=10&fields=adset_id";
        var (_, firstPage) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/insights", query));
        var (_, all) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/insights", query.Replace("limit=10", "limit=20", StringComparison.Ordinal)));
        var after = firstPage.GetProperty("paging").GetProperty("cursors").GetProperty("after").GetString()!;

        var (_, secondPage) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/insights", query + "&after=" + Uri.EscapeDataString(after)));

        Assert.Equal(
            all.GetProperty("data").EnumerateArray().Skip(10).Select(r => r.GetRawText()),
            secondPage.GetProperty("data").EnumerateArray().Select(r => r.GetRawText()));
    }

    [Fact]
    public async Task AdvancingTheClock_ChangesWhatInsightsReturn()
    {
        await using var server = await StartAsync(hours: 0);
        var url = MetaUrls.Signed(server, server.Meta.AccountId + "/insights", $"level=adset&{Hourly}&date_preset=today&limit=500&fields=adset_id,spend");

        var (_, before) = await TestHttp.GetJsonAsync(url);
        await TestHttp.PostAsync(new Uri(server.BaseUrl, "_sandbox/clock/advance?hours=3"));
        var (_, after) = await TestHttp.GetJsonAsync(url);

        Assert.Empty(before.GetProperty("data").EnumerateArray());
        Assert.False(before.TryGetProperty("paging", out _));
        var buckets = after.GetProperty("data").EnumerateArray().Select(r => r.GetProperty("hourly_stats_aggregated_by_advertiser_time_zone").GetString()!).Distinct().Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(["00:00:00 - 00:59:59", "01:00:00 - 01:59:59", "02:00:00 - 02:59:59"], buckets);
    }

    [Fact]
    public async Task AccountLevel_WithoutFields_GivesOneTotalRowWithTheDefaultFields()
    {
        await using var server = await StartAsync(hours: 24);

        var (_, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/insights", MetaUrls.TimeRange(Start, Start)));

        var row = Assert.Single(body.GetProperty("data").EnumerateArray());
        Assert.Equal(server.Meta.AccountId[4..], row.GetProperty("account_id").GetString());
        Assert.Equal(
            ["account_id", "date_start", "date_stop", "impressions", "spend"],
            row.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("level=campaign_group")]
    [InlineData("fields=spend,unknown_metric")]
    [InlineData("breakdowns=age")]
    [InlineData("time_range=yesterday")]
    [InlineData("time_range=%7B%22since%22%3A%222026-03-05%22%2C%22until%22%3A%222026-03-01%22%7D")]
    [InlineData("date_preset=lifetime")]
    [InlineData("time_increment=91")]
    [InlineData("limit=0")]
    [InlineData("after=%21%21%21")]
    public async Task BadParameters_AreCode100InMetasEnvelope(string query)
    {
        await using var server = await StartAsync(hours: 1);

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/insights", query));

        Assert.Equal(400, status);
        var error = body.GetProperty("error");
        Assert.Equal(100, error.GetProperty("code").GetInt32());
        Assert.StartsWith("(#100) ", error.GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal("OAuthException", error.GetProperty("type").GetString());
    }

    [Fact]
    public async Task UnknownAccount_IsUnsupportedGetRequest()
    {
        await using var server = await StartAsync(hours: 0);

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, "act_42/insights"));

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(33, body.GetProperty("error").GetProperty("error_subcode").GetInt32());
        Assert.Equal("GraphMethodException", body.GetProperty("error").GetProperty("type").GetString());
    }

    private static int DeliveringMetaHours(SandboxServer server)
    {
        var meta = server.Meta.AdSets.Select(a => a.Index).ToHashSet();
        return server.World.HoursBetween(server.World.StartUtc, server.World.Clock.GetUtcNow())
            .Count(r => meta.Contains(r.AdSetIndex) && (r.Impressions > 0 || r.Spend.Amount > 0));
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

    [GeneratedRegex(@"^\d\d:00:00 - \d\d:59:59$")]
    private static partial Regex HourBucket();
}

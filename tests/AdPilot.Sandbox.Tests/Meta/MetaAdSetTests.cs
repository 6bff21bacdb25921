using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;

namespace AdPilot.Sandbox.Tests.Meta;

public sealed class MetaAdSetTests
{
    private const string Fields = "fields=id,name,account_id,campaign_id,status,effective_status,daily_budget,bid_strategy,bid_amount";

    [Fact]
    public async Task Read_GivesTheBudgetInMinorUnitsAsAString()
    {
        await using var server = await StartAsync();
        var adSet = server.Meta.AdSets[0];

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, adSet.Ref.ExternalId, Fields));

        Assert.Equal(200, status);
        Assert.Equal(adSet.Ref.ExternalId, body.GetProperty("id").GetString());
        Assert.Equal(JsonValueKind.String, body.GetProperty("daily_budget").ValueKind);
        Assert.Equal(((long)(server.World.SettingsOf(adSet.Index).DailyBudget * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture), body.GetProperty("daily_budget").GetString());
        Assert.Equal("ACTIVE", body.GetProperty("status").GetString());
        Assert.Equal(server.Meta.CampaignId, body.GetProperty("campaign_id").GetString());
    }

    [Fact]
    public async Task ListAdSets_GivesEveryMetaAdSetAndNoTikTokAdGroup()
    {
        await using var server = await StartAsync();

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/adsets", Fields + "&limit=2"));

        Assert.Equal(200, status);
        var ids = new List<string>();
        var page = body;
        while (true)
        {
            ids.AddRange(page.GetProperty("data").EnumerateArray().Select(a => a.GetProperty("id").GetString()!));
            if (!page.GetProperty("paging").TryGetProperty("next", out var next))
            {
                break;
            }

            page = (await TestHttp.GetJsonAsync(new Uri(next.GetString()!))).Body;
        }

        Assert.Equal(server.World.AdSets.Where(a => a.Ref.Platform == Platform.Instagram).Select(a => a.Ref.ExternalId), ids);
    }

    [Fact]
    public async Task UpdateBudget_SucceedsAndChangesTheWorldsNextHour()
    {
        await using var server = await StartAsync();
        var twin = new SandboxWorld(DefaultFamily.Preset());
        server.World.Advance(10);
        twin.Advance(10);
        var adSet = server.Meta.AdSets[0];
        var target = adSet.MaxDailyBudget;

        var (status, body) = await TestHttp.PostFormAsync(
            MetaUrls.Raw(server, adSet.Ref.ExternalId, ""), [.. MetaUrls.Auth(server), new("daily_budget", ((long)(target * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture))]);
        var (_, read) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, adSet.Ref.ExternalId, "fields=daily_budget"));
        await TestHttp.PostAsync(new Uri(server.BaseUrl, "_sandbox/clock/advance?hours=1"));
        twin.Advance(1);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(((long)(target * 100)).ToString(System.Globalization.CultureInfo.InvariantCulture), read.GetProperty("daily_budget").GetString());
        var hour = server.World.Clock.GetUtcNow().AddHours(-1);
        var changed = server.World.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == adSet.Index);
        var unchanged = twin.HoursBetween(hour, hour.AddHours(1)).Single(h => h.AdSetIndex == adSet.Index);
        Assert.Equal(target, changed.DailyBudget.Amount);
        Assert.True(changed.Spend.Amount > unchanged.Spend.Amount, $"spend {changed.Spend} at {target}, {unchanged.Spend} at {unchanged.DailyBudget}");
    }

    [Fact]
    public async Task UpdateStatusAndBid_ApplyToTheWorld()
    {
        await using var server = await StartAsync();
        var adSet = server.Meta.AdSets[1];

        var (status, _) = await TestHttp.PostFormAsync(
            MetaUrls.Raw(server, adSet.Ref.ExternalId, ""),
            [.. MetaUrls.Auth(server), new("status", "PAUSED"), new("bid_strategy", "COST_CAP"), new("bid_amount", "1500")]);

        Assert.Equal(200, status);
        var settings = server.World.SettingsOf(adSet.Index);
        Assert.Equal(AdSetStatus.Paused, settings.Status);
        Assert.Equal(BidStrategy.CostCap(15m), settings.Bid);
    }

    [Fact]
    public async Task UpdateBudget_FifthChangeWithinAnHour_IsCode17_AndAllowedAgainAnHourLater()
    {
        await using var server = await StartAsync();
        var adSet = server.Meta.AdSets[0];
        var url = MetaUrls.Raw(server, adSet.Ref.ExternalId, "");
        var budgets = new[] { 2000, 2100, 2200, 2300, 2400 };
        var results = new List<(int Status, JsonElement Body)>();

        foreach (var cents in budgets)
        {
            results.Add(await TestHttp.PostFormAsync(url, [.. MetaUrls.Auth(server), new("daily_budget", cents.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
        }

        Assert.All(results.Take(4), r => Assert.Equal(200, r.Status));
        var (status, body) = results[4];
        Assert.Equal(400, status);
        Assert.Equal(17, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal("OAuthException", body.GetProperty("error").GetProperty("type").GetString());
        Assert.Equal(23m, server.World.SettingsOf(adSet.Index).DailyBudget);

        // A status change is not a budget change.
        Assert.Equal(200, (await TestHttp.PostFormAsync(url, [.. MetaUrls.Auth(server), new("status", "ACTIVE")])).Status);

        server.World.Advance(1);
        Assert.Equal(200, (await TestHttp.PostFormAsync(url, [.. MetaUrls.Auth(server), new("daily_budget", "2500")])).Status);
        Assert.Equal(25m, server.World.SettingsOf(adSet.Index).DailyBudget);
    }

    [Fact]
    public async Task UpdateBudget_ValidateOnly_AnswersSuccessButChangesNothing()
    {
        await using var server = await StartAsync();
        var adSet = server.Meta.AdSets[0];
        var before = server.World.SettingsOf(adSet.Index);

        var (status, body) = await TestHttp.PostFormAsync(
            MetaUrls.Raw(server, adSet.Ref.ExternalId, ""), [.. MetaUrls.Auth(server), new("daily_budget", "2000"), new("execution_options", "[\"validate_only\"]")]);

        Assert.Equal(200, status);
        Assert.True(body.GetProperty("success").GetBoolean());
        Assert.Equal(before, server.World.SettingsOf(adSet.Index));
    }

    [Theory]
    [InlineData("daily_budget", "12.50")]
    [InlineData("daily_budget", "-100")]
    [InlineData("daily_budget", "1")]
    [InlineData("daily_budget", "999999999")]
    [InlineData("status", "RUNNING")]
    [InlineData("bid_strategy", "LOWEST_COST_WITH_MIN_ROAS")]
    [InlineData("bid_strategy", "COST_CAP")]
    [InlineData("lifetime_budget", "10000")]
    public async Task Update_BadParameter_IsCode100_AndChangesNothing(string name, string value)
    {
        await using var server = await StartAsync();
        var adSet = server.Meta.AdSets[0];
        var before = server.World.SettingsOf(adSet.Index);

        var (status, body) = await TestHttp.PostFormAsync(MetaUrls.Raw(server, adSet.Ref.ExternalId, ""), [.. MetaUrls.Auth(server), new(name, value)]);

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.StartsWith("(#100) ", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
        Assert.Equal(before, server.World.SettingsOf(adSet.Index));
    }

    [Fact]
    public async Task Update_TikTokAdGroupOrUnknownId_IsUnsupportedPostRequest()
    {
        await using var server = await StartAsync();
        var tiktok = server.World.AdSets.First(a => a.Ref.Platform == Platform.TikTok);

        var (status, body) = await TestHttp.PostFormAsync(MetaUrls.Raw(server, tiktok.Ref.ExternalId, ""), [.. MetaUrls.Auth(server), new("daily_budget", "2000")]);

        Assert.Equal(400, status);
        Assert.Equal(100, body.GetProperty("error").GetProperty("code").GetInt32());
        Assert.Equal(33, body.GetProperty("error").GetProperty("error_subcode").GetInt32());
        Assert.StartsWith("Unsupported post request.", body.GetProperty("error").GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static Task<SandboxServer> StartAsync() => SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken);
}

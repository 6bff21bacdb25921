using System.Text.Json;
using AdPilot.Core.Simulation;
using AdPilot.Sandbox.Access;
using AdPilot.Sandbox.Tests.Meta;
using AdPilot.Sandbox.Tests.Shopify;

namespace AdPilot.Sandbox.Tests.Access;

/// <summary>The onboarding endpoints of each emulated API and the per-run access settings behind them.</summary>
public sealed class SandboxAccessTests
{
    [Fact]
    public async Task MetaPermissions_FullAccess_ListsEveryPermissionGranted()
    {
        await using var server = await StartAsync();

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, "me/permissions"));

        Assert.Equal(200, status);
        var granted = body.GetProperty("data").EnumerateArray()
            .Where(p => p.GetProperty("status").GetString() == "granted").Select(p => p.GetProperty("permission").GetString()).ToList();
        Assert.Superset(new HashSet<string?>(SandboxAccess.AllMetaPermissions), new HashSet<string?>(granted));
    }

    [Fact]
    public async Task MetaPermissions_PermissionWithheld_ListsItDeclined()
    {
        await using var server = await StartAsync(new SandboxAccess { MetaPermissions = ["ads_read"] });

        var (_, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, "me/permissions"));

        var declined = body.GetProperty("data").EnumerateArray()
            .Where(p => p.GetProperty("status").GetString() == "declined").Select(p => p.GetProperty("permission").GetString()).Order().ToList();
        Assert.Equal(["ads_management", "business_management"], declined);
    }

    [Fact]
    public async Task MetaDebugToken_ExpirySet_ReportsExpiresAtAndScopes()
    {
        await using var server = await StartAsync();
        var expires = server.World.Clock.GetUtcNow().AddDays(3);
        server.Access = server.Access with { MetaTokenExpiresAt = expires };

        var (status, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(
            server, "debug_token", "input_token=" + Uri.EscapeDataString(server.Credentials.MetaAccessToken)));

        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.True(data.GetProperty("is_valid").GetBoolean());
        Assert.Equal(expires.ToUnixTimeSeconds(), data.GetProperty("expires_at").GetInt64());
        Assert.Contains("ads_management", data.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
    }

    [Fact]
    public async Task MetaAccount_CurrencyOverridden_ReportsItWithStatusAndTimeZone()
    {
        await using var server = await StartAsync(new SandboxAccess { AdAccountCurrency = "EUR" });

        var (_, body) = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId));

        Assert.Equal("EUR", body.GetProperty("currency").GetString());
        Assert.Equal(1, body.GetProperty("account_status").GetInt32());
        Assert.Equal(server.World.TimeZone.Id, body.GetProperty("timezone_name").GetString());
    }

    [Fact]
    public async Task MetaCampaigns_CampaignBudgetOptimisation_CampaignCarriesDailyBudget()
    {
        await using var server = await StartAsync();
        var without = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/campaigns", "fields=id,daily_budget"));
        server.Access = server.Access with { CampaignBudgetOptimisation = true };

        var with = await TestHttp.GetJsonAsync(MetaUrls.Signed(server, server.Meta.AccountId + "/campaigns", "fields=id,daily_budget"));

        Assert.False(without.Body.GetProperty("data")[0].TryGetProperty("daily_budget", out _));
        var campaign = with.Body.GetProperty("data")[0];
        Assert.Equal(server.Meta.CampaignId, campaign.GetProperty("id").GetString());
        Assert.True(long.Parse(campaign.GetProperty("daily_budget").GetString()!, System.Globalization.CultureInfo.InvariantCulture) > 0);
    }

    [Fact]
    public async Task TikTokAdvertiserInfo_KnownAdvertiser_ReportsCurrencyTimeZoneAndStatus()
    {
        await using var server = await StartAsync();
        var id = server.TikTokAdvertiserIds[0];

        var (code, data) = await TikTokGetAsync(server, $"advertiser/info/?advertiser_ids={Uri.EscapeDataString($"[\"{id}\"]")}");

        Assert.Equal(0, code);
        var advertiser = data.GetProperty("list")[0];
        Assert.Equal(server.World.Currency, advertiser.GetProperty("currency").GetString());
        Assert.Equal(server.World.TimeZone.Id, advertiser.GetProperty("timezone").GetString());
        Assert.Equal("STATUS_ENABLE", advertiser.GetProperty("status").GetString());
    }

    [Fact]
    public async Task TikTokAdvertiserInfo_AdvertiserNotAuthorised_Answers40001()
    {
        await using var server = await StartAsync();

        var (code, _) = await TikTokGetAsync(server, $"advertiser/info/?advertiser_ids={Uri.EscapeDataString("[\"1234\"]")}");

        Assert.Equal(40001, code);
    }

    [Fact]
    public async Task TikTokScopes_ReportingWithheld_ReportAnswers40001AndAdGroupsStillServe()
    {
        await using var server = await StartAsync(new SandboxAccess { TikTokScopes = ["advertiser_read", "ad_management"] });
        var id = server.TikTokAdvertiserIds[0];

        var (reportCode, _) = await TikTokGetAsync(
            server, $"report/integrated/get/?advertiser_id={id}&report_type=BASIC&data_level=AUCTION_ADGROUP&dimensions={Uri.EscapeDataString("[\"adgroup_id\",\"stat_time_day\"]")}&start_date=2026-01-01&end_date=2026-01-01");
        var (adGroupCode, _) = await TikTokGetAsync(server, $"adgroup/get/?advertiser_id={id}");

        Assert.Equal(40001, reportCode);
        Assert.Equal(0, adGroupCode);
    }

    [Fact]
    public async Task TikTokCampaigns_CampaignBudgetOptimisation_ReportsBudgetOptimizeOn()
    {
        await using var server = await StartAsync(new SandboxAccess { CampaignBudgetOptimisation = true });

        var (code, data) = await TikTokGetAsync(server, $"campaign/get/?advertiser_id={server.TikTokAdvertiserIds[0]}");

        Assert.Equal(0, code);
        Assert.True(data.GetProperty("list")[0].GetProperty("budget_optimize_on").GetBoolean());
    }

    [Fact]
    public async Task ShopifyAccessScopes_ScopesSet_ReturnsThemWithShopCurrencyAndZone()
    {
        await using var server = await StartAsync(new SandboxAccess { ShopifyScopes = ["read_orders", "read_all_orders"] });

        var (status, body) = await ShopifyGraphQl.PostAsync(
            server, "{ shop { currencyCode ianaTimezone } currentAppInstallation { accessScopes { handle } } }");

        Assert.Equal(200, status);
        var data = body.GetProperty("data");
        Assert.Equal(
            ["read_orders", "read_all_orders"],
            data.GetProperty("currentAppInstallation").GetProperty("accessScopes").EnumerateArray().Select(s => s.GetProperty("handle").GetString()));
        Assert.Equal(server.World.Currency, data.GetProperty("shop").GetProperty("currencyCode").GetString());
        Assert.Equal(server.World.TimeZone.Id, data.GetProperty("shop").GetProperty("ianaTimezone").GetString());
    }

    private static Task<SandboxServer> StartAsync(SandboxAccess? access = null) =>
        SandboxServer.StartAsync(DefaultFamily.Preset(), 0, TestContext.Current.CancellationToken, access: access);

    private static async Task<(int Code, JsonElement Data)> TikTokGetAsync(SandboxServer server, string pathAndQuery)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(server.TikTokBaseUrl, pathAndQuery));
        request.Headers.Add("Access-Token", server.Credentials.TikTokAccessToken);
        using var response = await TestHttp.Client.SendAsync(request, TestContext.Current.CancellationToken);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        return (body.RootElement.GetProperty("code").GetInt32(), body.RootElement.GetProperty("data").Clone());
    }
}

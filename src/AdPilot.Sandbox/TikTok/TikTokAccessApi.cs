using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Sandbox.Access;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.TikTok;

/// <summary>
/// The TikTok endpoints onboarding reads: <c>GET advertiser/info/?advertiser_ids=[…]</c> (name, currency, time zone,
/// status) and <c>GET campaign/get/?advertiser_id=…</c> (each advertiser's one campaign, its budget mode and whether
/// campaign budget optimisation is on), answered from the run's <see cref="SandboxAccess"/>.
/// </summary>
internal static class TikTokAccessApi
{
    /// <summary>The refusal (code 40001) of <c>advertiser/info/</c> naming an advertiser the token was not granted; null when all are served.</summary>
    public static string? Unauthorised(IQueryCollection query, TikTokAdvertisers advertisers) =>
        Ids(query) is { } ids && ids.FirstOrDefault(id => !advertisers.Contains(id)) is { } unknown
            ? $"No permission to operate advertiser {unknown}: the access token was not authorised for it."
            : null;

    public static (JsonObject? Data, string? Error) AdvertiserInfo(
        IQueryCollection query, SandboxWorld world, TikTokAdvertisers advertisers, SandboxAccess access)
    {
        if (Ids(query) is not { Count: > 0 and <= 100 } ids)
        {
            return (null, "advertiser_ids: required, a JSON array of 1 to 100 advertiser ids such as [\"123\"].");
        }

        var list = new JsonArray(ids.Select(id => (JsonNode)new JsonObject
        {
            ["advertiser_id"] = id,
            ["name"] = "AdPilot sandbox " + (advertisers.Ids.ToList().IndexOf(id) + 1),
            ["currency"] = access.AdAccountCurrency ?? world.Currency,
            ["timezone"] = world.TimeZone.Id,
            ["display_timezone"] = world.TimeZone.Id,
            ["status"] = "STATUS_ENABLE",
        }).ToArray());
        return (new JsonObject { ["list"] = list }, null);
    }

    public static (JsonObject? Data, string? Error) Campaigns(
        IQueryCollection query, SandboxWorld world, TikTokAdvertisers advertisers, SandboxAccess access)
    {
        if (TikTokApi.Param(query, "advertiser_id") is not { } advertiserId || !advertisers.Contains(advertiserId))
        {
            return (null, advertisers.Unknown(TikTokApi.Param(query, "advertiser_id")));
        }

        var budget = advertisers.AdGroupsOf(advertiserId).Sum(g => world.SettingsOf(g.Index).DailyBudget);
        var campaign = new JsonObject
        {
            ["campaign_id"] = "18" + advertiserId[2..],
            ["campaign_name"] = "AdPilot sandbox campaign",
            ["operation_status"] = "ENABLE",
            ["budget_optimize_on"] = access.CampaignBudgetOptimisation,
            ["budget_mode"] = access.CampaignBudgetOptimisation ? "BUDGET_MODE_DAY" : "BUDGET_MODE_INFINITE",
            ["budget"] = access.CampaignBudgetOptimisation ? (double)budget : 0.0,
        };
        return (new JsonObject { ["list"] = new JsonArray(campaign), ["page_info"] = TikTokApi.PageInfo(1, 10, 1) }, null);
    }

    private static List<string>? Ids(IQueryCollection query)
    {
        if (TikTokApi.Param(query, "advertiser_ids") is not { } raw)
        {
            return null;
        }

        try
        {
            return JsonNode.Parse(raw)?.AsArray().Select(n => n!.GetValue<string>()).ToList();
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException or NullReferenceException or FormatException)
        {
            return null;
        }
    }

    /// <summary>
    /// <c>POST oauth2/access_token/</c> with <c>{"app_id","secret","auth_code"}</c>: the advertiser access token and the
    /// advertisers it was authorised for, <c>{"access_token","advertiser_ids","scope"}</c>. A wrong app id or secret answers
    /// 40001, an unknown authorisation code 40002 (the real codes are unconfirmed). The sandbox's code may be used again;
    /// TikTok's are single-use and live an hour.
    /// </summary>
    public static IResult ExchangeAuthCode(JsonNode? body, SandboxCredentials credentials, TikTokAdvertisers advertisers)
    {
        string? Field(string name) => body is JsonObject o && o[name] is JsonValue v && v.TryGetValue<string>(out var text) ? text : null;
        if (body is not JsonObject || Field("app_id") is not { Length: > 0 } appId || Field("secret") is not { Length: > 0 } secret
            || Field("auth_code") is not { Length: > 0 } code)
        {
            return TikTokApi.Envelope(40002, "app_id, secret and auth_code are required.", new JsonObject());
        }

        if (!Same(appId, credentials.TikTokAppId) || !Same(secret, credentials.TikTokAppSecret))
        {
            return TikTokApi.Envelope(40001, "The app_id or secret is invalid.", new JsonObject());
        }

        if (!Same(code, credentials.TikTokAuthCode))
        {
            return TikTokApi.Envelope(40002, "auth_code is invalid or has expired: authorise the app again to get a new one.", new JsonObject());
        }

        return TikTokApi.Envelope(0, "OK", new JsonObject
        {
            ["access_token"] = credentials.TikTokAccessToken,
            ["advertiser_ids"] = new JsonArray(advertisers.Ids.Select(id => (JsonNode)id).ToArray()),
            ["scope"] = new JsonArray(4, 5, 6),
        });
    }

    /// <summary><c>GET oauth2/advertiser/get/?app_id&amp;secret</c>: the advertisers the token was authorised for, <c>{"list":[{"advertiser_id","advertiser_name"}]}</c>.</summary>
    public static (JsonObject? Data, string? Error) AuthorisedAdvertisers(IQueryCollection query, SandboxCredentials credentials, TikTokAdvertisers advertisers)
    {
        if (!Same(TikTokApi.Param(query, "app_id"), credentials.TikTokAppId) || !Same(TikTokApi.Param(query, "secret"), credentials.TikTokAppSecret))
        {
            return (null, "app_id and secret: required, and must be the app's.");
        }

        var list = new JsonArray(advertisers.Ids.Select((id, i) => (JsonNode)new JsonObject
        {
            ["advertiser_id"] = id,
            ["advertiser_name"] = "AdPilot sandbox " + (i + 1),
        }).ToArray());
        return (new JsonObject { ["list"] = list }, null);
    }

    private static bool Same(string? given, string expected) =>
        given is not null && System.Security.Cryptography.CryptographicOperations.FixedTimeEquals(
            System.Text.Encoding.UTF8.GetBytes(given), System.Text.Encoding.UTF8.GetBytes(expected));
}

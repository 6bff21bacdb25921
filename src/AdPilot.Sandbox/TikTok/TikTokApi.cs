using AdPilot.Core.Features;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using AdPilot.Core.Domain;
using AdPilot.Sandbox.Access;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace AdPilot.Sandbox.TikTok;

/// <summary>
/// TikTok API for Business v1.3 under <c>/tiktok/open_api/v1.3/</c> (api-reference §2), for each of the sandbox's
/// advertisers (<see cref="TikTokAdvertisers"/>), each seeing only its own ad groups: the synchronous integrated report
/// <c>GET report/integrated/get/</c>, and ad group reads and budget and status updates (<see cref="TikTokAdGroups"/>). Every outcome is HTTP 200 with the <c>code</c> envelope and a <c>request_id</c>;
/// arrays are JSON-encoded query parameters; metrics are strings; hours and dates are in the advertiser's time zone.
/// </summary>
internal static class TikTokApi
{
    public const string Prefix = "/tiktok/open_api/v1.3/";

    private static readonly string[] Metrics =
    [
        "spend", "impressions", "clicks", "cpm", "cpc", "ctr", "conversion", "complete_payment",
        "total_complete_payment_rate", "value_per_complete_payment", "complete_payment_roas",
    ];

    public static void Map(IEndpointRouteBuilder routes, SandboxWorld world, SandboxCredentials credentials, TikTokAdvertisers advertisers, SandboxAccessHolder access)
    {
        var token = Encoding.UTF8.GetBytes(credentials.TikTokAccessToken);
        routes.MapGet(Prefix + "advertiser/info/", (HttpContext context) =>
            Handle(
                context,
                token,
                access,
                "advertiser_read",
                () => TikTokAccessApi.AdvertiserInfo(context.Request.Query, world, advertisers, access.Current),
                () => TikTokAccessApi.Unauthorised(context.Request.Query, advertisers)));
        routes.MapPost(Prefix + "oauth2/access_token/", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            return TikTokAccessApi.ExchangeAuthCode(body, credentials, advertisers);
        });
        routes.MapGet(Prefix + "oauth2/advertiser/get/", (HttpContext context) =>
            Handle(
                context,
                token,
                access,
                null,
                () => TikTokAccessApi.AuthorisedAdvertisers(context.Request.Query, credentials, advertisers)));
        routes.MapGet(Prefix + "campaign/get/", (HttpContext context) =>
            Handle(context, token, access, "ad_management", () => TikTokAccessApi.Campaigns(context.Request.Query, world, advertisers, access.Current)));
        routes.MapGet(Prefix + "report/integrated/get/", (HttpContext context) =>
            Handle(context, token, access, "reporting", () => Report(context.Request.Query, world, advertisers)));
        routes.MapGet(Prefix + "adgroup/get/", (HttpContext context) =>
            Handle(context, token, access, "ad_management", () => TikTokAdGroups.Get(context.Request.Query, world, advertisers)));
        routes.MapGet(Prefix + "ad/get/", (HttpContext context) =>
            Handle(context, token, access, "ad_management", () => TikTokAds.Get(context.Request.Query, world, advertisers)));
        routes.MapPost(Prefix + "ad/status/update/", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            return Handle(context, token, access, "ad_management", () => TikTokAds.UpdateStatus(body, world, advertisers));
        });
        routes.MapPost(Prefix + "adgroup/budget/update/", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            return Handle(context, token, access, "ad_management", () => TikTokAdGroups.UpdateBudgets(body, world, advertisers));
        });
        routes.MapPost(Prefix + "adgroup/status/update/", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            return Handle(context, token, access, "ad_management", () => TikTokAdGroups.UpdateStatus(body, world, advertisers));
        });
        routes.MapPost(Prefix + "adgroup/create/", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            return Handle(context, token, access, "ad_management", () => TikTokAdGroups.Create(body, world, advertisers));
        });
        routes.MapPost(Prefix + "ad/create/", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            return Handle(context, token, access, "ad_management", () => TikTokAds.Create(body, world, advertisers));
        });
        routes.MapPost(Prefix + "adgroup/update/", async (HttpContext context) =>
        {
            var body = await ReadJsonAsync(context).ConfigureAwait(false);
            return Handle(context, token, access, "ad_management", () => TikTokAdGroups.UpdateBid(body, world, advertisers));
        });
    }

    private static IResult Handle(
        HttpContext context,
        byte[] token,
        SandboxAccessHolder access,
        string? scope,
        Func<(JsonObject? Data, string? Error)> handler,
        Func<string?>? denied = null)
    {
        if (context.Request.Path.Value?.EndsWith('/') != true)
        {
            return Results.NotFound(); // TikTok's paths end with a slash; without it the gateway answers 404 (§2.1)
        }

        var given = context.Request.Headers["Access-Token"].ToString();
        if (given.Length == 0)
        {
            return Envelope(40104, "Access token is null, you should set it in http header with key Access-Token.", new JsonObject());
        }

        if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(given), token))
        {
            return Envelope(40105, "Access token is invalid.", new JsonObject());
        }

        if (scope is not null && !access.Current.TikTokScopes.Contains(scope, StringComparer.Ordinal))
        {
            return Envelope(40001, $"No permission to operate this API: the access token was not granted the {scope} permission.", new JsonObject());
        }

        if (denied?.Invoke() is { } refusal)
        {
            return Envelope(40001, refusal, new JsonObject());
        }

        return handler() switch
        {
            (JsonObject data, null) => Envelope(0, "OK", data),
            (_, var message) => Envelope(40002, message!, new JsonObject()),
        };
    }

    /// <summary>The request's JSON body, or null when it is missing or not JSON (the handler then answers 40002).</summary>
    private static async Task<JsonNode?> ReadJsonAsync(HttpContext context)
    {
        try
        {
            return await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted).ConfigureAwait(false);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>The <c>page</c> and <c>page_size</c> of a request (1-based; page size 1 to 1000, default 10).</summary>
    internal static bool TryPage(IQueryCollection query, out int page, out int pageSize) =>
        TryInt(Param(query, "page"), 1, int.MaxValue, 1, out page) & TryInt(Param(query, "page_size"), 1, 1000, 10, out pageSize);

    internal static string? Param(IQueryCollection query, string name) => query.TryGetValue(name, out var v) && v.Count > 0 ? v[^1] : null;

    internal static JsonObject PageInfo(int page, int pageSize, int total) => new()
    {
        ["page"] = page,
        ["page_size"] = pageSize,
        ["total_number"] = total,
        ["total_page"] = (total + pageSize - 1) / pageSize,
    };

    private static (JsonObject? Data, string? Error) Report(IQueryCollection query, SandboxWorld world, TikTokAdvertisers advertisers)
    {
        string? Param(string name) => TikTokApi.Param(query, name);

        if (Param("advertiser_id") is not { } advertiser)
        {
            return (null, "advertiser_id: Missing data for required field.");
        }

        if (!advertisers.Contains(advertiser))
        {
            return (null, advertisers.Ids.Count == 1
                ? $"advertiser_id: the sandbox serves advertiser {advertisers.Ids[0]} only, got {advertiser}."
                : $"advertiser_id: the sandbox serves advertisers {string.Join(", ", advertisers.Ids)}, got {advertiser}.");
        }

        if (Param("report_type") is not "BASIC")
        {
            return (null, $"report_type: the sandbox serves BASIC reports only, got '{Param("report_type")}'.");
        }

        if (Param("service_type") is not (null or "AUCTION"))
        {
            return (null, $"service_type: must be AUCTION, got '{Param("service_type")}'.");
        }

        var level = Param("data_level") ?? "AUCTION_ADVERTISER";
        if (level is not ("AUCTION_ADGROUP" or "AUCTION_ADVERTISER"))
        {
            return (null, $"data_level: the sandbox serves AUCTION_ADGROUP and AUCTION_ADVERTISER, got '{level}'.");
        }

        if (Param("filtering") is not null)
        {
            return (null, "filtering: not supported by the sandbox yet.");
        }

        if (!TryJsonStrings(Param("dimensions"), out var dimensions) || dimensions is null or { Length: 0 })
        {
            return (null, "dimensions: must be a JSON array of strings, e.g. [\"adgroup_id\",\"stat_time_hour\"].");
        }

        var idDimension = level == "AUCTION_ADGROUP" ? "adgroup_id" : "advertiser_id";
        if (dimensions.FirstOrDefault(d => d != idDimension && d is not ("stat_time_hour" or "stat_time_day")) is { } badDimension)
        {
            return (null, $"dimensions: '{badDimension}' is not valid for {level}; use {idDimension} with stat_time_hour or stat_time_day.");
        }

        var hourly = dimensions.Contains("stat_time_hour");
        var daily = dimensions.Contains("stat_time_day");
        if (hourly && daily)
        {
            return (null, "dimensions: stat_time_hour and stat_time_day cannot be used together.");
        }

        string[] metrics = ["spend", "impressions"];
        if (Param("metrics") is not null && (!TryJsonStrings(Param("metrics"), out metrics!) || metrics is null))
        {
            return (null, "metrics: must be a JSON array of strings.");
        }

        if (metrics.FirstOrDefault(m => !Metrics.Contains(m, StringComparer.Ordinal)) is { } badMetric)
        {
            return (null, $"metrics: '{badMetric}' is not supported by the sandbox; supported: {string.Join(", ", Metrics)}.");
        }

        if (!DateOnly.TryParseExact(Param("start_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var start)
            || !DateOnly.TryParseExact(Param("end_date"), "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var end))
        {
            return (null, "start_date, end_date: required, in the form YYYY-MM-DD.");
        }

        var days = end.DayNumber - start.DayNumber + 1;
        var maxDays = hourly ? 1 : daily ? 30 : 365;
        if (days < 1 || days > maxDays)
        {
            return (null, string.Create(CultureInfo.InvariantCulture, $"end_date: the range must be 1 to {maxDays} day(s) with these dimensions, got {days}."));
        }

        if (!TryPage(query, out var page, out var pageSize))
        {
            return (null, "page must be at least 1 and page_size from 1 to 1000.");
        }

        // The rows depend on the query without its paging and on the hours simulated so far: the pages of one report
        // share one aggregation, and each page renders only its own rows.
        var byAdGroup = level == "AUCTION_ADGROUP";
        var key = string.Create(CultureInfo.InvariantCulture, $"tiktok-report {advertiser} {start:yyyy-MM-dd} {end:yyyy-MM-dd} {byAdGroup} {hourly} {daily}");
        var rows = world.Derived(key, () => Rows(world, start, end, byAdGroup, hourly, daily, advertisers, advertiser));
        var skip = (int)Math.Min(rows.Count, ((long)page - 1) * pageSize);
        var list = new JsonArray();
        for (var i = skip; i < Math.Min(rows.Count, skip + pageSize); i++)
        {
            list.Add(Render(rows[i], byAdGroup, hourly, daily, metrics));
        }

        return (new JsonObject
        {
            ["list"] = list,
            ["page_info"] = PageInfo(page, pageSize, rows.Count),
        }, null);
    }

    private static List<ReportRow> Rows(
        SandboxWorld world, DateOnly start, DateOnly end, bool byAdGroup, bool hourly, bool daily, TikTokAdvertisers advertisers, string advertiserId)
    {
        var zone = world.TimeZone;
        var groups = new SortedDictionary<(string Id, DateTime Time), (decimal Spend, long Impressions, long Clicks, long Purchases, decimal Value)>();
        var from = LocalHour.MidnightUtc(start, zone);
        var to = LocalHour.MidnightUtc(end.AddDays(1), zone);
        // An hour without delivery is in no report at any granularity, so a day's row is always the sum of its hour rows
        // (the purchases the world reports in such an hour, arriving from earlier clicks, would otherwise be in the one only).
        foreach (var h in world.HoursBetween(from, to).Where(h => advertisers.Holds(advertiserId, h.AdSetIndex) && (h.Impressions > 0 || h.Spend.Amount > 0)))
        {
            var local = TimeZoneInfo.ConvertTime(h.HourStartUtc, zone).DateTime;
            var time = hourly ? local : daily ? local.Date : DateTime.MinValue;
            var key = (byAdGroup ? world.AdSets[h.AdSetIndex].Ref.ExternalId : advertiserId, time);
            var t = groups.GetValueOrDefault(key);
            groups[key] = (t.Spend + h.Spend.Amount, t.Impressions + h.Impressions, t.Clicks + h.Clicks, t.Purchases + h.PlatformConversions,
                t.Value + h.PlatformConversionValue.Amount);
        }

        var rows = new List<ReportRow>(groups.Count);
        foreach (var ((id, time), t) in groups)
        {
            if (t.Impressions == 0 && t.Spend == 0)
            {
                continue;
            }

            rows.Add(new ReportRow(id, time, t.Spend, t.Impressions, t.Clicks, t.Purchases, t.Value));
        }

        return rows;
    }

    private static JsonObject Render(ReportRow t, bool byAdGroup, bool hourly, bool daily, string[] metrics)
    {
        var dimensions = new JsonObject { [byAdGroup ? "adgroup_id" : "advertiser_id"] = t.Id };
        if (hourly || daily)
        {
            dimensions[hourly ? "stat_time_hour" : "stat_time_day"] = t.Time.ToString("yyyy-MM-dd HH:00:00", CultureInfo.InvariantCulture);
        }

        var values = new JsonObject();
        foreach (var m in metrics)
        {
            values[m] = m switch
            {
                "spend" => Fixed(t.Spend),
                "impressions" => t.Impressions.ToString(CultureInfo.InvariantCulture),
                "clicks" => t.Clicks.ToString(CultureInfo.InvariantCulture),
                "cpm" => Fixed(t.Impressions > 0 ? t.Spend * 1000 / t.Impressions : 0),
                "cpc" => Fixed(t.Clicks > 0 ? t.Spend / t.Clicks : 0),
                "ctr" => Fixed(t.Impressions > 0 ? t.Clicks * 100m / t.Impressions : 0),
                "conversion" or "complete_payment" => t.Purchases.ToString(CultureInfo.InvariantCulture),
                "total_complete_payment_rate" => Fixed(t.Value),
                "value_per_complete_payment" => Fixed(t.Purchases > 0 ? t.Value / t.Purchases : 0),
                _ => Fixed(t.Spend > 0 ? t.Value / t.Spend : 0), // complete_payment_roas
            };
        }

        return new JsonObject { ["dimensions"] = dimensions, ["metrics"] = values };
    }

    private static string Fixed(decimal value) => Math.Round(value, 2, MidpointRounding.ToEven).ToString("0.00", CultureInfo.InvariantCulture);

    private static bool TryJsonStrings(string? raw, out string[]? values)
    {
        values = null;
        if (raw is null)
        {
            return true;
        }

        try
        {
            values = JsonSerializer.Deserialize(raw, TikTokJsonContext.Default.StringArray);
            return values is not null && values.All(v => v is not null);
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool TryInt(string? raw, int min, int max, int fallback, out int value)
    {
        value = fallback;
        return raw is null || (int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out value) && value >= min && value <= max);
    }

    internal static IResult Envelope(int code, string message, JsonObject data)
    {
        var body = new JsonObject
        {
            ["code"] = code,
            ["message"] = message,
            ["request_id"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
            ["data"] = data,
        };
        return Results.Content(body.ToJsonString(), "application/json");
    }
}

/// <summary>One aggregated report row: the ad group (or advertiser), the local hour or day, and the totals.</summary>
internal sealed record ReportRow(string Id, DateTime Time, decimal Spend, long Impressions, long Clicks, long Purchases, decimal Value);

using AdPilot.Core.Features;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Sandbox.Meta;

/// <summary>
/// <c>GET /act_&lt;id&gt;/insights</c> of any of the sandbox's accounts, over that account's ad sets and the world's recorded hours (api-reference §1.2): level account or adset,
/// optional hourly breakdown in the account's time zone (aggregated over the days of each time increment), dates in
/// the account's time zone, every number a string, empty metrics omitted, no off-Meta purchases with an hourly breakdown.
/// Rows without delivery are not returned, and hours without delivery count in no row.
/// </summary>
internal static class MetaInsights
{
    public const string HourlyBreakdown = "hourly_stats_aggregated_by_advertiser_time_zone";

    private static readonly string[] AllowedFields =
    [
        "account_id", "account_name", "account_currency", "campaign_id", "campaign_name", "adset_id", "adset_name",
        "date_start", "date_stop", "spend", "impressions", "clicks", "cpm", "cpc", "ctr", "actions", "action_values", "purchase_roas",
    ];

    private static readonly string[] DefaultFields = ["account_id", "impressions", "spend"];

    private static readonly string[] PurchaseActionTypes = ["offsite_conversion.fb_pixel_purchase", "omni_purchase", "purchase"];

    public static MetaApi.Outcome Query(HttpContext context, MetaSandbox meta, string node, MetaParameters p)
    {
        if (meta.FindReportRun(node) is { } run)
        {
            return run.Completed
                ? MetaPaging.Page(context, run.Rows, p)
                : Fail(MetaError.InvalidParameter($"report run {run.Id} has not completed yet; poll GET /{run.Id} until async_status is \"Job Completed\""));
        }

        var (rows, error) = meta.InsightRows(RowsKey(context.Request.Query, node), () => Build(meta, node, p));
        return error is null ? MetaPaging.Page(context, rows!, p) : Fail(error);
    }

    /// <summary>What decides an insights query's rows: the node and every parameter but paging and credentials.</summary>
    private static string RowsKey(IQueryCollection query, string node) =>
        node + "?" + string.Join('&', query
            .Where(kv => kv.Key is not ("after" or "limit" or "access_token" or "appsecret_proof"))
            .OrderBy(kv => kv.Key, StringComparer.Ordinal)
            .Select(kv => kv.Key + "=" + kv.Value.ToString()));

    /// <summary>Starts an asynchronous report run (<c>POST act_&lt;id&gt;/insights</c>, §1.3) over the same parameters.</summary>
    public static MetaApi.Outcome CreateRun(MetaSandbox meta, string node, MetaParameters p)
    {
        var (rows, error) = Build(meta, node, p);
        if (error is not null)
        {
            return Fail(error);
        }

        var account = meta.FindAccount(node)!; // Build answers only on account nodes

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(meta.World.Clock.GetUtcNow(), meta.World.TimeZone).DateTime);
        var (since, until, _) = DateRange(p, meta, today);
        var run = meta.AddReportRun(account, rows!, since!.Value, until!.Value);
        return new(new JsonObject { ["report_run_id"] = run.Id }, null);
    }

    private static (IReadOnlyList<JsonNode>? Rows, MetaError? Error) Build(MetaSandbox meta, string node, MetaParameters p)
    {
        if (meta.FindAccount(node) is not { } account)
        {
            return Err(meta.FindAdSet(node) is null
                ? MetaError.UnknownObject("get", node)
                : MetaError.InvalidParameter("the sandbox serves insights on the ad account node only (act_<id>/insights)"));
        }

        var level = p["level"] ?? "account";
        if (level is not ("account" or "adset"))
        {
            return Err(MetaError.InvalidParameter($"Param level must be one of {{account, adset}} in the sandbox, got '{level}'"));
        }

        var hourly = false;
        if (p["breakdowns"] is { } breakdowns)
        {
            foreach (var b in breakdowns.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                if (!string.Equals(b, HourlyBreakdown, StringComparison.Ordinal))
                {
                    return Err(MetaError.InvalidParameter($"Param breakdowns supports only {HourlyBreakdown} in the sandbox, got '{b}'"));
                }

                hourly = true;
            }
        }

        if (p["filtering"] is not null)
        {
            return Err(MetaError.InvalidParameter("Param filtering is not supported by the sandbox yet"));
        }

        var fields = MetaApi.Fields(p, AllowedFields, DefaultFields, out var fieldError);
        if (fieldError is not null)
        {
            return Err(fieldError);
        }

        var today = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(meta.World.Clock.GetUtcNow(), meta.World.TimeZone).DateTime);
        if (DateRange(p, meta, today) is not ({ } since, { } until, null) range)
        {
            return Err(DateRange(p, meta, today).Error!);
        }

        if (Increment(p) is not ({ } increment, null))
        {
            return Err(Increment(p).Error!);
        }

        return (Rows(meta, account, since, until, increment, level == "adset", hourly, fields!), null);
    }

    private static MetaApi.Outcome Fail(MetaError error) => new(null, error);

    private static (IReadOnlyList<JsonNode>? Rows, MetaError? Error) Err(MetaError error) => (null, error);

    private static (DateOnly? Since, DateOnly? Until, MetaError? Error) DateRange(MetaParameters p, MetaSandbox meta, DateOnly today)
    {
        if (p["time_range"] is { } raw)
        {
            try
            {
                var range = JsonNode.Parse(raw);
                var since = DateOnly.ParseExact(range!["since"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var until = DateOnly.ParseExact(range["until"]!.GetValue<string>(), "yyyy-MM-dd", CultureInfo.InvariantCulture);
                return until < since
                    ? (null, null, MetaError.InvalidParameter("Param time_range: until must not be before since"))
                    : (since, until, null);
            }
            catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NullReferenceException)
            {
                return (null, null, MetaError.InvalidParameter(
                    $"Param time_range must be a JSON object {{\"since\":\"YYYY-MM-DD\",\"until\":\"YYYY-MM-DD\"}}, got '{raw}'"));
            }
        }

        var preset = p["date_preset"] ?? "last_30d";
        var start = DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(meta.World.StartUtc, meta.World.TimeZone).DateTime);
        return preset switch
        {
            "today" => (today, today, null),
            "yesterday" => (today.AddDays(-1), today.AddDays(-1), null),
            "last_3d" => (today.AddDays(-3), today.AddDays(-1), null),
            "last_7d" => (today.AddDays(-7), today.AddDays(-1), null),
            "last_14d" => (today.AddDays(-14), today.AddDays(-1), null),
            "last_28d" => (today.AddDays(-28), today.AddDays(-1), null),
            "last_30d" => (today.AddDays(-30), today.AddDays(-1), null),
            "maximum" => (start < today ? start : today, today, null),
            _ => (null, null, MetaError.InvalidParameter(
                $"Param date_preset must be one of {{today, yesterday, last_3d, last_7d, last_14d, last_28d, last_30d, maximum}} in the sandbox, got '{preset}'")),
        };
    }

    private static (int? Days, MetaError? Error) Increment(MetaParameters p)
    {
        var raw = p["time_increment"];
        if (raw is null or "all_days")
        {
            return (int.MaxValue, null);
        }

        return int.TryParse(raw, NumberStyles.None, CultureInfo.InvariantCulture, out var days) && days is >= 1 and <= 90
            ? (days, null)
            : (null, MetaError.InvalidParameter($"Param time_increment must be all_days or a number of days from 1 to 90 in the sandbox, got '{raw}'"));
    }

    private static List<JsonNode> Rows(
        MetaSandbox meta, MetaAccount account, DateOnly since, DateOnly until, int increment, bool byAdSet, bool hourly, IReadOnlyList<string> fields)
    {
        var world = meta.World;
        var zone = world.TimeZone;
        var fromUtc = LocalHour.MidnightUtc(since, zone);
        var toUtc = LocalHour.MidnightUtc(until.AddDays(1), zone);
        var groups = new SortedDictionary<(int Chunk, string AdSet, int Hour), Totals>();
        foreach (var h in world.HoursBetween(fromUtc, toUtc))
        {
            // An hour without delivery is in no report at any granularity, so a day's row is always the sum of its hour
            // rows (the purchases the world reports in such an hour, arriving from earlier clicks, would otherwise be in the one only).
            if (!account.Holds(h.AdSetIndex) || (h.Impressions == 0 && h.Spend.Amount == 0))
            {
                continue;
            }

            var local = TimeZoneInfo.ConvertTime(h.HourStartUtc, zone);
            var chunk = (DateOnly.FromDateTime(local.DateTime).DayNumber - since.DayNumber) / increment;
            var key = (chunk, byAdSet ? world.AdSets[h.AdSetIndex].Ref.ExternalId : string.Empty, hourly ? local.Hour : -1);
            if (!groups.TryGetValue(key, out var totals))
            {
                groups[key] = totals = new Totals();
            }

            totals.Spend += h.Spend.Amount;
            totals.Impressions += h.Impressions;
            totals.Clicks += h.Clicks;
            totals.Purchases += h.PlatformConversions;
            totals.PurchaseValue += h.PlatformConversionValue.Amount;
        }

        var rows = new List<JsonNode>();
        foreach (var ((chunk, adSetId, hour), t) in groups)
        {
            if (t.Impressions == 0 && t.Spend == 0)
            {
                continue;
            }

            var start = since.AddDays(chunk * Math.Min(increment, 100_000));
            var stop = increment == int.MaxValue ? until : Min(start.AddDays(increment - 1), until);
            var adSet = byAdSet ? meta.FindAdSet(adSetId) : null;
            var row = new JsonObject();
            foreach (var field in fields)
            {
                if (Value(field, meta, account, adSet, t, hourly) is { } value)
                {
                    row[field] = value;
                }
            }

            row["date_start"] = start.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            row["date_stop"] = stop.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            if (hourly)
            {
                row[HourlyBreakdown] = string.Create(CultureInfo.InvariantCulture, $"{hour:00}:00:00 - {hour:00}:59:59");
            }

            rows.Add(row);
        }

        return rows;
    }

    private static JsonNode? Value(string field, MetaSandbox meta, MetaAccount account, SandboxAdSet? adSet, Totals t, bool hourly) => field switch
    {
        "account_id" => account.Digits,
        "account_name" => account.Name,
        "account_currency" => meta.World.Currency,
        "campaign_id" => adSet is null ? null : account.CampaignId,
        "campaign_name" => adSet is null ? null : "AdPilot sandbox campaign",
        "adset_id" => adSet?.Ref.ExternalId,
        "adset_name" => adSet?.Name,
        "spend" => Number(t.Spend, 2),
        "impressions" => t.Impressions.ToString(CultureInfo.InvariantCulture),
        "clicks" => t.Clicks.ToString(CultureInfo.InvariantCulture),
        "cpm" => t.Impressions > 0 ? Number(t.Spend * 1000 / t.Impressions, 6) : null,
        "cpc" => t.Clicks > 0 ? Number(t.Spend / t.Clicks, 6) : null,
        "ctr" => t.Impressions > 0 ? Number(t.Clicks * 100m / t.Impressions, 6) : null,
        "actions" => Actions(t.Clicks, hourly ? 0 : t.Purchases),
        "action_values" => hourly || t.PurchaseValue == 0 ? null : ActionList(PurchaseActionTypes.Select(a => (a, Number(t.PurchaseValue, 2))).ToArray()),
        "purchase_roas" => hourly || t.PurchaseValue == 0 || t.Spend == 0 ? null : ActionList([("omni_purchase", Number(t.PurchaseValue / t.Spend, 6))]),
        _ => null,
    };

    private static JsonArray? Actions(long clicks, long purchases)
    {
        var items = new List<(string, string)>();
        if (clicks > 0)
        {
            items.Add(("link_click", clicks.ToString(CultureInfo.InvariantCulture)));
        }

        if (purchases > 0)
        {
            items.AddRange(PurchaseActionTypes.Select(a => (a, purchases.ToString(CultureInfo.InvariantCulture))));
        }

        return items.Count == 0 ? null : ActionList([.. items]);
    }

    private static JsonArray ActionList((string Type, string Value)[] items) =>
        new(items.Select(i => (JsonNode)new JsonObject { ["action_type"] = i.Type, ["value"] = i.Value }).ToArray());

    /// <summary>A decimal as Graph writes it: a string, at most <paramref name="decimals"/> places, no trailing zeros.</summary>
    private static string Number(decimal value, int decimals) =>
        Math.Round(value, decimals, MidpointRounding.ToEven).ToString("0.######", CultureInfo.InvariantCulture);

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private sealed class Totals
    {
        public decimal Spend { get; set; }

        public long Impressions { get; set; }

        public long Clicks { get; set; }

        public long Purchases { get; set; }

        public decimal PurchaseValue { get; set; }
    }
}

using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.TikTok;

/// <summary>Reads TikTok's response envelope and the rows of an ad-group-level hourly or daily integrated report.</summary>
internal static class TikTokReportParser
{
    private const string HourDimension = "stat_time_hour";

    private const string DayDimension = "stat_time_day";

    /// <summary>
    /// Returns <c>data</c> of a successful envelope; a non-zero <c>code</c> becomes a typed error carrying
    /// <c>request_id</c>.
    /// </summary>
    public static JsonElement RequireSuccess(JsonElement root, PlatformErrorContext context)
    {
        RequireObject(root, "$", context);
        var code = RequiredInt64(root, "code", "", context);
        var requestId = OptionalString(root, "request_id", "", context);
        var withRequest = context with { RequestId = requestId };
        if (code != 0)
        {
            throw TikTokErrors.FromCode(code, OptionalString(root, "message", "", context) ?? "TikTok API error", withRequest);
        }

        return Required(root, "data", "", withRequest);
    }

    /// <summary>Reads one page of an hourly report (<c>stat_time_hour</c>): its rows and how many pages the report has.</summary>
    public static (IReadOnlyList<AdSetHourInsight> Rows, int TotalPages) ParseReport(
        JsonElement data, AdAccountRef account, PlatformErrorContext context) =>
        ParsePage(data, context, (row, path) =>
        {
            var f = ParseFigures(row, path, HourDimension, account, context);
            return new AdSetHourInsight(
                f.AdSet, DateOnly.FromDateTime(f.Time), f.Time.Hour, f.Spend, f.Impressions, f.Clicks, f.Conversions, f.ConversionValue);
        });

    /// <summary>Reads one page of a daily report (<c>stat_time_day</c>): its rows and how many pages the report has.</summary>
    public static (IReadOnlyList<AdSetDayInsight> Rows, int TotalPages) ParseDailyReport(
        JsonElement data, AdAccountRef account, PlatformErrorContext context) =>
        ParsePage(data, context, (row, path) =>
        {
            var f = ParseFigures(row, path, DayDimension, account, context);
            return new AdSetDayInsight(f.AdSet, DateOnly.FromDateTime(f.Time), f.Spend, f.Impressions, f.Clicks, f.Conversions, f.ConversionValue);
        });

    private static (IReadOnlyList<T> Rows, int TotalPages) ParsePage<T>(
        JsonElement data, PlatformErrorContext context, Func<JsonElement, string, T> parseRow)
    {
        var rows = RequiredArray(data, "list", "data", context)
            .Select(x => parseRow(x.Item, x.Path))
            .ToList();

        // A page without page_info is the only page.
        var totalPages = Optional(data, "page_info") is { } pageInfo
            ? (int)Math.Clamp(RequiredInt64(pageInfo, "total_page", "data.page_info", context), 0, int.MaxValue)
            : 1;
        return (rows, totalPages);
    }

    /// <summary>
    /// The figures of one row, timed by <paramref name="timeDimension"/>: <c>stat_time_hour</c> is the start of an hour,
    /// <c>stat_time_day</c> midnight of a day, both <c>"yyyy-MM-dd HH:mm:ss"</c> in the advertiser's time zone.
    /// </summary>
    private static Figures ParseFigures(JsonElement row, string path, string timeDimension, AdAccountRef account, PlatformErrorContext context)
    {
        var dimensions = Required(row, "dimensions", path, context);
        var dimensionsPath = Join(path, "dimensions");
        var metrics = Required(row, "metrics", path, context);
        var metricsPath = Join(path, "metrics");
        var timeText = RequiredString(dimensions, timeDimension, dimensionsPath, context);
        var daily = timeDimension == DayDimension;
        if (!DateTime.TryParseExact(timeText, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var time)
            || time.Minute != 0 || time.Second != 0 || (daily && time.Hour != 0))
        {
            throw Invalid(
                context,
                Join(dimensionsPath, timeDimension),
                daily ? "is not a day like \"2024-01-01 00:00:00\"" : "is not an hour like \"2024-01-01 09:00:00\"");
        }

        var conversions = OptionalDecimal(metrics, "complete_payment", metricsPath, context);
        var value = OptionalDecimal(metrics, "total_complete_payment_rate", metricsPath, context);

        // The report carries no currency: money is in the advertiser's currency, which the account records.
        return new Figures(
            new AdSetRef(Platform.TikTok, RequiredString(dimensions, "adgroup_id", dimensionsPath, context)),
            time,
            new Money(RequiredDecimal(metrics, "spend", metricsPath, context), account.Currency),
            OptionalInt64(metrics, "impressions", metricsPath, context) ?? 0,
            OptionalInt64(metrics, "clicks", metricsPath, context) ?? 0,
            conversions is null ? null : (long)Math.Round(conversions.Value, MidpointRounding.ToEven),
            value is null ? null : new Money(value.Value, account.Currency));
    }

    /// <summary>One row's figures, before they become an hourly or a daily insight.</summary>
    private readonly record struct Figures(
        AdSetRef AdSet, DateTime Time, Money Spend, long Impressions, long Clicks, long? Conversions, Money? ConversionValue);
}

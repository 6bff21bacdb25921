using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.TikTok;

/// <summary>Reads TikTok's response envelope and the rows of an ad-group-level hourly integrated report.</summary>
internal static class TikTokReportParser
{
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

    public static (IReadOnlyList<AdSetHourInsight> Rows, int TotalPages) ParseReport(
        JsonElement data, AdAccountRef account, PlatformErrorContext context)
    {
        var rows = RequiredArray(data, "list", "data", context)
            .Select(x => ParseRow(x.Item, x.Path, account, context))
            .ToList();

        // A page without page_info is the only page.
        var totalPages = Optional(data, "page_info") is { } pageInfo
            ? (int)Math.Clamp(RequiredInt64(pageInfo, "total_page", "data.page_info", context), 0, int.MaxValue)
            : 1;
        return (rows, totalPages);
    }

    private static AdSetHourInsight ParseRow(JsonElement row, string path, AdAccountRef account, PlatformErrorContext context)
    {
        var dimensions = Required(row, "dimensions", path, context);
        var dimensionsPath = Join(path, "dimensions");
        var metrics = Required(row, "metrics", path, context);
        var metricsPath = Join(path, "metrics");
        var hourText = RequiredString(dimensions, "stat_time_hour", dimensionsPath, context);
        if (!DateTime.TryParseExact(hourText, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var hour)
            || hour.Minute != 0 || hour.Second != 0)
        {
            throw Invalid(context, Join(dimensionsPath, "stat_time_hour"), "is not an hour like \"2024-01-01 09:00:00\"");
        }

        var conversions = OptionalDecimal(metrics, "complete_payment", metricsPath, context);
        var value = OptionalDecimal(metrics, "total_complete_payment_rate", metricsPath, context);

        // The report carries no currency: money is in the advertiser's currency, which the account records.
        return new AdSetHourInsight(
            new AdSetRef(Platform.TikTok, RequiredString(dimensions, "adgroup_id", dimensionsPath, context)),
            DateOnly.FromDateTime(hour),
            hour.Hour,
            new Money(RequiredDecimal(metrics, "spend", metricsPath, context), account.Currency),
            OptionalInt64(metrics, "impressions", metricsPath, context) ?? 0,
            OptionalInt64(metrics, "clicks", metricsPath, context) ?? 0,
            conversions is null ? null : (long)Math.Round(conversions.Value, MidpointRounding.ToEven),
            value is null ? null : new Money(value.Value, account.Currency));
    }
}

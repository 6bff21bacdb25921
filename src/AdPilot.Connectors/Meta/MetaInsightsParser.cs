using System.Globalization;
using System.Text.Json;
using AdPilot.Core.Domain;
using AdPilot.Core.Platforms;
using static AdPilot.Connectors.Json.JsonFields;

namespace AdPilot.Connectors.Meta;

/// <summary>Reads one page of ad-set-level insights, with the hourly breakdown or one row per day.</summary>
internal static class MetaInsightsParser
{
    public const string HourlyBreakdown = "hourly_stats_aggregated_by_advertiser_time_zone";

    /// <summary>Reads one page of rows with the hourly breakdown, and the cursor of the next page (null on the last).</summary>
    public static (IReadOnlyList<AdSetHourInsight> Rows, string? After) ParsePage(
        JsonElement root, AdAccountRef account, string purchaseActionType, PlatformErrorContext context) =>
        ParsePage(root, context, (row, path) =>
        {
            var f = ParseFigures(row, path, account, purchaseActionType, context);
            var hour = ParseHour(RequiredString(row, HourlyBreakdown, path, context), Join(path, HourlyBreakdown), context);
            return new AdSetHourInsight(f.AdSet, f.Day, hour, f.Spend, f.Impressions, f.Clicks, f.Conversions, f.ConversionValue);
        });

    /// <summary>
    /// Reads one page of daily rows (<c>time_increment=1</c>, no breakdown), and the cursor of the next page (null on
    /// the last).
    /// </summary>
    public static (IReadOnlyList<AdSetDayInsight> Rows, string? After) ParseDailyPage(
        JsonElement root, AdAccountRef account, string purchaseActionType, PlatformErrorContext context) =>
        ParsePage(root, context, (row, path) =>
        {
            var f = ParseFigures(row, path, account, purchaseActionType, context);
            return new AdSetDayInsight(f.AdSet, f.Day, f.Spend, f.Impressions, f.Clicks, f.Conversions, f.ConversionValue);
        });

    private static (IReadOnlyList<T> Rows, string? After) ParsePage<T>(
        JsonElement root, PlatformErrorContext context, Func<JsonElement, string, T> parseRow)
    {
        RequireObject(root, "$", context);
        var rows = RequiredArray(root, "data", "", context)
            .Select(x => parseRow(x.Item, x.Path))
            .ToList();

        // More pages exist only while Graph gives a "next" link; we re-ask with the "after" cursor instead of following
        // the link, which carries our access token.
        string? after = null;
        if (Optional(root, "paging") is { } paging && Optional(paging, "next") is not null)
        {
            after = RequiredString(Required(paging, "cursors", "paging", context), "after", "paging.cursors", context);
        }

        return (rows, after);
    }

    /// <summary>The figures of one row over one day; a row over several days is refused.</summary>
    private static Figures ParseFigures(
        JsonElement row, string path, AdAccountRef account, string purchaseActionType, PlatformErrorContext context)
    {
        RequireObject(row, path, context);
        var currency = RequiredString(row, "account_currency", path, context);
        var currencyPath = Join(path, "account_currency");
        var spend = ToMoney(RequiredDecimal(row, "spend", path, context), currency, account.Currency, currencyPath, context);
        var day = ParseDay(RequiredString(row, "date_start", path, context), Join(path, "date_start"), context);
        if (OptionalString(row, "date_stop", path, context) is { } stop
            && ParseDay(stop, Join(path, "date_stop"), context) != day)
        {
            // A row over several days holds its figures summed across them (time_increment was not 1); an hourly one
            // holds that hour of each day summed.
            throw Invalid(context, Join(path, "date_stop"), "differs from date_start: the row sums several days");
        }

        decimal? conversions = ActionValue(row, "actions", path, purchaseActionType, context);
        decimal? value = ActionValue(row, "action_values", path, purchaseActionType, context);
        return new Figures(
            new AdSetRef(Platform.Instagram, RequiredString(row, "adset_id", path, context)),
            day,
            spend,
            OptionalInt64(row, "impressions", path, context) ?? 0,
            OptionalInt64(row, "clicks", path, context) ?? 0,
            conversions is null ? null : (long)Math.Round(conversions.Value, MidpointRounding.ToEven),
            value is null ? null : new Money(value.Value, spend.Currency));
    }

    /// <summary>The value of the one canonical action type in an actions list; absent when the row has none.</summary>
    private static decimal? ActionValue(JsonElement row, string name, string path, string actionType, PlatformErrorContext context)
    {
        foreach (var (item, itemPath) in OptionalArray(row, name, path, context))
        {
            if (string.Equals(RequiredString(item, "action_type", itemPath, context), actionType, StringComparison.Ordinal))
            {
                return RequiredDecimal(item, "value", itemPath, context);
            }
        }

        return null;
    }

    /// <summary>Reads the hour of <c>"13:00:00 - 13:59:59"</c>.</summary>
    internal static int ParseHour(string bucket, string path, PlatformErrorContext context)
    {
        var valid = bucket.Length == 19
            && bucket.AsSpan(2, 9).SequenceEqual(":00:00 - ")
            && bucket.AsSpan(11, 2).SequenceEqual(bucket.AsSpan(0, 2))
            && bucket.AsSpan(13).SequenceEqual(":59:59");
        return valid
            && int.TryParse(bucket.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var hour)
            && hour is >= 0 and <= 23
                ? hour
                : throw Invalid(context, path, "is not an hour bucket like \"13:00:00 - 13:59:59\"");
    }

    private static DateOnly ParseDay(string text, string path, PlatformErrorContext context) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var day)
            ? day
            : throw Invalid(context, path, "is not a date like 2026-01-31");

    /// <summary>One row's figures, before they become an hourly or a daily insight.</summary>
    private readonly record struct Figures(
        AdSetRef AdSet, DateOnly Day, Money Spend, long Impressions, long Clicks, long? Conversions, Money? ConversionValue);
}

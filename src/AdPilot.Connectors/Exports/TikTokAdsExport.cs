using System.Globalization;
using System.Text.RegularExpressions;
using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// Reads a TikTok Ads Manager custom report exported as CSV into hourly ad group rows. The report must be at ad group (or
/// ad) level with the hour as its time dimension: an hour column holding "2025-03-09 14:00:00" (as the reporting API's
/// <c>stat_time_hour</c>), or a date column beside an hour column holding "14" or "14:00". Money is in each row's
/// <c>Currency</c> (or the currency in the cost column's header). Hours are in the advertiser account's time zone, which
/// the file does not say: the caller gives it.
/// </summary>
public static partial class TikTokAdsExport
{
    private static readonly string[] AdGroupIdColumns = ["Ad group ID", "Ad Group ID", "Adgroup ID", "adgroup_id"];
    private static readonly string[] AdGroupNameColumns = ["Ad group name", "Ad Group Name", "Adgroup name", "adgroup_name"];
    private static readonly string[] HourColumns = ["By Hour", "Hour", "Time", "stat_time_hour", "Hour of day"];
    private static readonly string[] DateColumns = ["Date", "By Day", "Day", "stat_time_day"];
    private static readonly string[] ImpressionColumns = ["Impressions", "Impression", "impressions"];
    private static readonly string[] ClickColumns = ["Clicks (destination)", "Clicks", "Click", "Clicks (all)", "clicks"];
    private static readonly string[] PurchaseColumns = ["Complete payment", "Purchases", "Conversions", "complete_payment", "conversion"];
    private static readonly string[] ValueColumns = ["Total complete payment value", "Complete payment value", "Total purchase value", "Purchase value", "total_complete_payment_rate"];

    /// <summary>How to export the file right, for the errors that need it.</summary>
    public const string HowToExport =
        "in TikTok Ads Manager open Reporting → Custom report, pick the ad group dimension and Hour as the time dimension, add Cost, Impressions, "
        + "Clicks (destination), Complete payment and Currency, then export as CSV";

    /// <summary>Reads an export.</summary>
    /// <param name="document">The CSV file.</param>
    /// <param name="advertiserZone">The advertiser account's time zone, in which the file's hours are; required.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ExportFormatException">A required column is missing, a value cannot be read, the rows are daily, or the time zone is missing.</exception>
    public static InsightExport Read(CsvDocument document, TimeZoneInfo? advertiserZone)
    {
        ArgumentNullException.ThrowIfNull(document);
        var file = document.File;
        var columns = new ExportColumns(document);
        var adGroupId = columns.Find(AdGroupIdColumns);
        var adGroupName = columns.Find(AdGroupNameColumns);
        if (adGroupId < 0 && adGroupName < 0)
        {
            columns.Require("ad group", [.. AdGroupIdColumns, .. AdGroupNameColumns]);
        }

        var adId = columns.Find("Ad ID", "ad_id");
        var adName = columns.Find("Ad name", "Ad Name");
        var campaign = columns.Find("Campaign ID", "campaign_id");
        campaign = campaign >= 0 ? campaign : columns.Find("Campaign name", "Campaign Name");
        var hour = columns.Find(HourColumns);
        var date = columns.Find(DateColumns);
        if (hour < 0 && date < 0)
        {
            columns.Require("time", [.. HourColumns, .. DateColumns]);
        }

        if (hour < 0 && document.Records.FirstOrDefault(r => !IsTotal(r, adGroupId, adGroupName)) is { } firstRow
            && !DateHour().IsMatch(firstRow[date].Trim()))
        {
            throw new ExportFormatException(
                file, firstRow.Line, document.Header[date], $"the export has daily rows ('{ExportText.Excerpt(firstRow[date].Trim())}' has no hour); a backtest replays hours: {HowToExport}");
        }

        var (cost, costMatch) = columns.FindMatching(CostHeader());
        if (cost < 0)
        {
            columns.Require("cost", "Cost", "Total cost", "Spend");
        }

        var headerCurrency = costMatch!.Groups["currency"].Success ? costMatch.Groups["currency"].Value.ToUpperInvariant() : null;
        var currencyColumn = columns.Find("Currency", "currency");
        if (headerCurrency is null && currencyColumn < 0)
        {
            throw new ExportFormatException(
                file, 1, document.Header[cost], $"the export does not say its currency: add the Currency column to the report ({HowToExport})");
        }

        var impressions = columns.Require("impressions", ImpressionColumns);
        var clicks = columns.Find(ClickColumns);
        var purchases = columns.Find(PurchaseColumns);
        var value = columns.Find(ValueColumns);
        var budget = columns.Find("Ad group budget", "Budget");
        var budgetMode = columns.Find("Budget mode", "Budget type");

        if (advertiserZone is null)
        {
            throw new ExportFormatException(
                file, null, null, "TikTok reports hours in the advertiser account's time zone, which the export does not say: give it (--tiktok-timezone, an IANA id such as Europe/Berlin, from Ads Manager → Account settings)");
        }

        var warnings = new List<string>();
        if (columns.IgnoredWarning() is { } ignored)
        {
            warnings.Add(ignored);
        }

        if (adGroupId < 0)
        {
            warnings.Add($"{file}: no 'Ad group ID' column: ad groups are keyed by name, so only orders whose utm_content carries the name are attributed to them");
        }

        if (clicks < 0)
        {
            warnings.Add($"{file}: no 'Clicks (destination)' column: the ad groups' CTR and CVR read as the account's prior");
        }

        if (purchases < 0)
        {
            warnings.Add($"{file}: no 'Complete payment' or 'Conversions' column: orders without UTM tags cannot be modelled onto these ad groups");
        }

        var rows = new HourRows(file);
        var currencies = new SortedSet<string>(StringComparer.Ordinal);
        var totals = 0;
        foreach (var record in document.Records)
        {
            if (IsTotal(record, adGroupId, adGroupName))
            {
                totals++;
                continue;
            }

            var id = adGroupId >= 0 ? record[adGroupId].Trim() : string.Empty;
            var name = adGroupName >= 0 ? record[adGroupName].Trim() : string.Empty;
            var currency = currencyColumn >= 0 && record[currencyColumn].Trim() is { Length: > 0 } c ? c.ToUpperInvariant() : headerCurrency;
            if (currency is null || !Money.IsCurrencyCode(currency))
            {
                throw new ExportFormatException(
                    file, record.Line, currencyColumn >= 0 ? document.Header[currencyColumn] : document.Header[cost], $"'{ExportText.Excerpt(currency)}' is not a three-letter ISO 4217 currency code");
            }

            if (headerCurrency is not null && !string.Equals(currency, headerCurrency, StringComparison.Ordinal))
            {
                throw new ExportFormatException(
                    file, record.Line, document.Header[currencyColumn], $"the row is in {currency} but the cost column is in {headerCurrency}");
            }

            currencies.Add(currency);
            var (localDay, localHour, timeHeader) = TimeOf(file, record, hour, date, document);
            var hourUtc = ExportTime.ToUtc(file, record.Line, timeHeader, localDay, localHour, advertiserZone);
            var row = new ExportedAdSetHour(
                new AdSetRef(Platform.TikTok, id.Length > 0 ? id : name),
                name.Length > 0 ? name : null,
                campaign >= 0 && record[campaign].Trim() is { Length: > 0 } k ? k : null,
                hourUtc,
                localDay,
                localHour,
                new Money(ExportValues.Amount(file, record, cost, document.Header[cost], currency), currency),
                ExportValues.Count(file, record, impressions, document.Header[impressions]),
                clicks >= 0 ? ExportValues.Count(file, record, clicks, document.Header[clicks]) : 0,
                purchases >= 0 ? ExportValues.Count(file, record, purchases, document.Header[purchases]) : null,
                value >= 0 ? new Money(ExportValues.Amount(file, record, value, document.Header[value], currency), currency) : null,
                DailyBudgetOf(file, record, budget, budgetMode, document, currency),
                file,
                record.Line);
            var ad = adId >= 0 && record[adId].Trim() is { Length: > 0 } a ? a : adName >= 0 && record[adName].Trim() is { Length: > 0 } n ? n : null;
            rows.Add(row, ad);
        }

        if (rows.Duplicates > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{file}: dropped {rows.Duplicates} row(s) repeated exactly (same ad group, hour and figures)"));
        }

        if (rows.AdLevelRows > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{file}: summed {rows.AdLevelRows} ad-level row(s) into their ad groups"));
        }

        if (totals > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{file}: skipped {totals} total row(s)"));
        }

        return new InsightExport(file, ExportFormat.TikTokAdsManager, Platform.TikTok, rows.Rows(), [.. currencies], warnings);
    }

    /// <summary>A summary row: no ad group, and a cell starting "Total" (TikTok appends "Total of N results").</summary>
    private static bool IsTotal(CsvRecord record, int adGroupId, int adGroupName) =>
        (adGroupId < 0 || record[adGroupId].Trim().Length == 0 || record[adGroupId].Trim().StartsWith("Total", StringComparison.OrdinalIgnoreCase))
        && (adGroupName < 0 || record[adGroupName].Trim().Length == 0 || record[adGroupName].Trim().StartsWith("Total", StringComparison.OrdinalIgnoreCase))
        && record.Fields.Any(f => f.TrimStart().StartsWith("Total", StringComparison.OrdinalIgnoreCase));

    private static (DateOnly Day, int Hour, string Header) TimeOf(string file, CsvRecord record, int hour, int date, CsvDocument document)
    {
        if (hour >= 0)
        {
            var text = record[hour].Trim();
            var combined = DateHour().Match(text);
            if (combined.Success)
            {
                return (ExportValues.Date(file, record, hour, document.Header[hour]), Hour(combined.Groups["h"].Value, file, record, document.Header[hour], text), document.Header[hour]);
            }

            var alone = HourOnly().Match(text);
            if (!alone.Success)
            {
                throw new ExportFormatException(file, record.Line, document.Header[hour], $"'{ExportText.Excerpt(text)}' is not an hour (expected e.g. 2025-03-09 14:00:00, or 14 beside a Date column)");
            }

            if (date < 0)
            {
                throw new ExportFormatException(file, record.Line, document.Header[hour], $"'{ExportText.Excerpt(text)}' has no date and the export has no Date column: {HowToExport}");
            }

            return (ExportValues.Date(file, record, date, document.Header[date]), Hour(alone.Groups["h"].Value, file, record, document.Header[hour], text), document.Header[hour]);
        }

        var dateText = record[date].Trim();
        var match = DateHour().Match(dateText);
        if (!match.Success)
        {
            throw new ExportFormatException(file, record.Line, document.Header[date], $"'{ExportText.Excerpt(dateText)}' has no hour; a backtest replays hours: {HowToExport}");
        }

        return (ExportValues.Date(file, record, date, document.Header[date]), Hour(match.Groups["h"].Value, file, record, document.Header[date], dateText), document.Header[date]);
    }

    private static int Hour(string digits, string file, CsvRecord record, string header, string text) =>
        int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var h) && h <= 23
            ? h
            : throw new ExportFormatException(file, record.Line, header, $"'{ExportText.Excerpt(text)}' is not an hour of the day (0–23)");

    private static Money? DailyBudgetOf(string file, CsvRecord record, int budget, int budgetMode, CsvDocument document, string currency)
    {
        if (budget < 0)
        {
            return null;
        }

        var mode = budgetMode >= 0 ? record[budgetMode].Trim() : "daily";
        if (!mode.Contains("day", StringComparison.OrdinalIgnoreCase) && !mode.Contains("daily", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = record[budget].Trim();
        if (text.Length == 0 || (text.Any(char.IsLetter) && !ExportValues.TryAmount(text, currency, out _, out _)))
        {
            return null;
        }

        return new Money(ExportValues.Amount(file, record, budget, document.Header[budget], currency), currency);
    }

    [GeneratedRegex(@"^(Cost|Total cost|Spend)(\s*\((?<currency>[A-Za-z]{3})\))?$", RegexOptions.IgnoreCase)]
    private static partial Regex CostHeader();

    [GeneratedRegex(@"^\d{4}[-/]\d{2}[-/]\d{2}[ T](?<h>\d{1,2}):\d{2}(:\d{2})?")]
    private static partial Regex DateHour();

    [GeneratedRegex(@"^(?<h>\d{1,2})(:00(:00)?)?(\s*[-–]\s*\d{1,2}:\d{2}(:\d{2})?)?$")]
    private static partial Regex HourOnly();
}

using System.Globalization;
using System.Text.RegularExpressions;
using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// Reads a Meta Ads Manager report exported as CSV into hourly ad set rows. The report must be at ad set (or ad) level,
/// broken down by <c>Time of day (ad account time zone)</c> and by day (a <c>Day</c> column, or one day per file when
/// <c>Reporting starts</c> equals <c>Reporting ends</c>). Money is in the currency its header names
/// (<c>Amount spent (USD)</c>). Hours are in the ad account's time zone, which the file does not say: the caller gives it.
/// </summary>
public static partial class MetaAdsExport
{
    /// <summary>The names accepted for the hour-of-day column.</summary>
    public static readonly IReadOnlyList<string> HourColumns = ["Time of day (ad account time zone)", "Hourly stats aggregated by advertiser time zone"];

    private const string ViewerHourColumn = "Time of day (viewer's time zone)";

    private static readonly string[] AdSetIdColumns = ["Ad set ID", "Ad Set ID", "adset_id"];
    private static readonly string[] AdSetNameColumns = ["Ad set name", "Ad Set Name", "adset_name"];
    private static readonly string[] DayColumns = ["Day", "Date", "date_start"];
    private static readonly string[] StartColumns = ["Reporting starts", "Reporting Starts"];
    private static readonly string[] EndColumns = ["Reporting ends", "Reporting Ends"];
    private static readonly string[] ImpressionColumns = ["Impressions"];
    private static readonly string[] ClickColumns = ["Link clicks", "Clicks (all)", "Clicks"];
    private static readonly string[] PurchaseColumns = ["Purchases", "Website purchases", "Meta pixel purchases"];
    private static readonly string[] ValueColumns = ["Purchases conversion value", "Website purchases conversion value", "Purchase conversion value"];

    /// <summary>How to export the file right, for the errors that need it.</summary>
    public const string HowToExport =
        "in Ads Manager open the ad sets tab, choose Breakdown → By time → Day and Breakdown → By delivery → Time of day (ad account time zone), "
        + "then Reports → Export table data → .csv";

    /// <summary>Reads an export.</summary>
    /// <param name="document">The CSV file.</param>
    /// <param name="accountZone">The ad account's time zone (Ads Manager → Account settings), in which the file's hours are; required.</param>
    /// <returns>The rows.</returns>
    /// <exception cref="ExportFormatException">A required column is missing, a value cannot be read, the rows are daily or span days, or the time zone is missing.</exception>
    public static InsightExport Read(CsvDocument document, TimeZoneInfo? accountZone)
    {
        ArgumentNullException.ThrowIfNull(document);
        var file = document.File;
        var columns = new ExportColumns(document);
        var hour = columns.Find([.. HourColumns]);
        if (hour < 0)
        {
            if (columns.Has(ViewerHourColumn))
            {
                throw new ExportFormatException(
                    file, 1, ViewerHourColumn, "hours in the viewers' time zones cannot be placed on one calendar: break the report down by Time of day (ad account time zone) instead");
            }

            throw new ExportFormatException(
                file, 1, null, $"the export has daily (or longer) rows, without a 'Time of day (ad account time zone)' column; a backtest replays hours: {HowToExport}");
        }

        var adSetId = columns.Find(AdSetIdColumns);
        var adSetName = columns.Find(AdSetNameColumns);
        if (adSetId < 0 && adSetName < 0)
        {
            columns.Require("ad set", [.. AdSetIdColumns, .. AdSetNameColumns]);
        }

        var adId = columns.Find("Ad ID");
        var adName = columns.Find("Ad name", "Ad Name");
        var campaign = columns.Find("Campaign ID");
        campaign = campaign >= 0 ? campaign : columns.Find("Campaign name", "Campaign Name");
        var day = columns.Find(DayColumns);
        var start = columns.Find(StartColumns);
        var end = columns.Find(EndColumns);
        if (day < 0 && start < 0)
        {
            columns.Require("date", [.. DayColumns, .. StartColumns]);
        }

        var (spend, spendMatch) = columns.FindMatching(SpendWithCurrency());
        string currency;
        var currencyColumn = columns.Find("Currency");
        if (spend >= 0)
        {
            currency = spendMatch!.Groups["currency"].Value.ToUpperInvariant();
        }
        else
        {
            spend = columns.Require("spend", "Amount spent (USD)", "Amount spent", "Spend");
            if (currencyColumn < 0)
            {
                throw new ExportFormatException(
                    file, 1, document.Header[spend], "the spend column does not say its currency and there is no 'Currency' column: export with the currency in the header, e.g. 'Amount spent (USD)'");
            }

            currency = document.Records.Select(r => r[currencyColumn].Trim()).FirstOrDefault(c => c.Length > 0) ?? string.Empty;
        }

        var impressions = columns.Require("impressions", [.. ImpressionColumns]);
        var clicks = columns.Find(ClickColumns);
        var purchases = columns.Find(PurchaseColumns);
        var value = columns.Find(ValueColumns);
        var budget = columns.Find("Ad set budget", "Ad Set Budget");
        var budgetType = columns.Find("Ad set budget type", "Ad Set Budget Type");

        if (accountZone is null)
        {
            throw new ExportFormatException(
                file, null, null, "Meta reports hours in the ad account's time zone, which the export does not say: give it (--meta-timezone, an IANA id such as America/New_York, from Ads Manager → Account settings)");
        }

        if (!Money.IsCurrencyCode(currency))
        {
            throw new ExportFormatException(file, 1, document.Header[spend], $"'{ExportText.Excerpt(currency)}' is not a three-letter ISO 4217 currency code");
        }

        var warnings = new List<string>();
        if (columns.IgnoredWarning() is { } ignored)
        {
            warnings.Add(ignored);
        }

        if (adSetId < 0)
        {
            warnings.Add($"{file}: no 'Ad set ID' column: ad sets are keyed by name, so only orders whose utm_content carries the name are attributed to them (add the Ad set ID column in Ads Manager → Columns → Customize columns)");
        }

        if (clicks < 0)
        {
            warnings.Add($"{file}: no 'Link clicks' column: the ad sets' CTR and CVR read as the account's prior");
        }

        if (purchases < 0)
        {
            warnings.Add($"{file}: no 'Purchases' column: orders without UTM tags cannot be modelled onto these ad sets");
        }

        var rows = new HourRows(file);
        var totals = 0;
        foreach (var record in document.Records)
        {
            var id = adSetId >= 0 ? record[adSetId].Trim() : string.Empty;
            var name = adSetName >= 0 ? record[adSetName].Trim() : string.Empty;
            if (id.Length == 0 && name.Length == 0)
            {
                if (record.Fields.Any(f => f.TrimStart().StartsWith("Total", StringComparison.OrdinalIgnoreCase)) || record[hour].Trim().Length == 0)
                {
                    totals++;
                    continue;
                }

                throw new ExportFormatException(file, record.Line, document.Header[adSetId >= 0 ? adSetId : adSetName], "the row names no ad set");
            }

            if (currencyColumn >= 0 && record[currencyColumn].Trim() is { Length: > 0 } rowCurrency && !string.Equals(rowCurrency, currency, StringComparison.Ordinal))
            {
                throw new ExportFormatException(
                    file, record.Line, document.Header[currencyColumn], $"the row is in {rowCurrency} but the file's money is in {currency}: export each ad account's currency to its own file");
            }

            var localHour = HourOf(file, record, hour, document.Header[hour]);
            var localDay = DayOf(file, record, day, start, end, document);
            var hourUtc = ExportTime.ToUtc(file, record.Line, document.Header[hour], localDay, localHour, accountZone);
            var adSet = new AdSetRef(Platform.Instagram, id.Length > 0 ? id : name);
            var row = new ExportedAdSetHour(
                adSet,
                name.Length > 0 ? name : null,
                campaign >= 0 && record[campaign].Trim() is { Length: > 0 } c ? c : null,
                hourUtc,
                localDay,
                localHour,
                new Money(ExportValues.Amount(file, record, spend, document.Header[spend], currency), currency),
                ExportValues.Count(file, record, impressions, document.Header[impressions]),
                clicks >= 0 ? ExportValues.Count(file, record, clicks, document.Header[clicks]) : 0,
                purchases >= 0 ? ExportValues.Count(file, record, purchases, document.Header[purchases]) : null,
                value >= 0 ? new Money(ExportValues.Amount(file, record, value, document.Header[value], currency), currency) : null,
                DailyBudgetOf(file, record, budget, budgetType, document, currency),
                file,
                record.Line);
            var ad = adId >= 0 && record[adId].Trim() is { Length: > 0 } a ? a : adName >= 0 && record[adName].Trim() is { Length: > 0 } n ? n : null;
            rows.Add(row, ad);
        }

        if (rows.Duplicates > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{file}: dropped {rows.Duplicates} row(s) repeated exactly (same ad set, hour and figures)"));
        }

        if (rows.AdLevelRows > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{file}: summed {rows.AdLevelRows} ad-level row(s) into their ad sets"));
        }

        if (totals > 0)
        {
            warnings.Add(string.Create(CultureInfo.InvariantCulture, $"{file}: skipped {totals} total row(s)"));
        }

        return new InsightExport(file, ExportFormat.MetaAdsManager, Platform.Instagram, rows.Rows(), [currency], warnings);
    }

    /// <summary>The hour of "14:00:00 - 14:59:59" (also "14:00" or "14").</summary>
    private static int HourOf(string file, CsvRecord record, int column, string header)
    {
        var text = record[column].Trim();
        var match = HourRange().Match(text);
        if (!match.Success || !int.TryParse(match.Groups["h"].Value, NumberStyles.None, CultureInfo.InvariantCulture, out var hour) || hour > 23)
        {
            throw new ExportFormatException(file, record.Line, header, $"'{ExportText.Excerpt(text)}' is not an hour of the day (expected e.g. 14:00:00 - 14:59:59)");
        }

        return hour;
    }

    private static DateOnly DayOf(string file, CsvRecord record, int day, int start, int end, CsvDocument document)
    {
        if (day >= 0)
        {
            return ExportValues.Date(file, record, day, document.Header[day]);
        }

        var first = ExportValues.Date(file, record, start, document.Header[start]);
        if (end >= 0 && record[end].Trim().Length > 0)
        {
            var last = ExportValues.Date(file, record, end, document.Header[end]);
            if (last != first)
            {
                throw new ExportFormatException(
                    file,
                    record.Line,
                    document.Header[start],
                    $"the row covers {first:yyyy-MM-dd} to {last:yyyy-MM-dd}: without a Day breakdown Meta sums each hour of the day over the whole range, which cannot be replayed; {HowToExport}");
            }
        }

        return first;
    }

    /// <summary>A daily budget, when the budget column holds an amount and its type (if given) is daily.</summary>
    private static Money? DailyBudgetOf(string file, CsvRecord record, int budget, int budgetType, CsvDocument document, string currency)
    {
        if (budget < 0)
        {
            return null;
        }

        var type = budgetType >= 0 ? record[budgetType].Trim() : "daily";
        if (!type.Contains("daily", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var text = record[budget].Trim();
        if (text.Length == 0 || (text.Any(char.IsLetter) && !ExportValues.TryAmount(text, currency, out _, out _)))
        {
            return null; // "Using campaign budget": the campaign owns the budget
        }

        return new Money(ExportValues.Amount(file, record, budget, document.Header[budget], currency), currency);
    }

    [GeneratedRegex(@"^Amount spent \((?<currency>[A-Z]{3})\)$", RegexOptions.IgnoreCase)]
    private static partial Regex SpendWithCurrency();

    [GeneratedRegex(@"^(?<h>\d{1,2})(:00(:00)?)?(\s*-\s*\d{1,2}:59(:59)?)?$")]
    private static partial Regex HourRange();
}

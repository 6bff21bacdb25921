using System.Globalization;
using System.Text.RegularExpressions;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// Parses the values exports write: amounts with thousands separators and currency symbols ("$1,234.50", "1,234.50 USD"),
/// counts ("12,345"), blanks and dashes for nothing, ISO dates, and timestamps with UTC offsets. A value that cannot be
/// read is an <see cref="ExportFormatException"/> naming the file, line and column.
/// </summary>
internal static partial class ExportValues
{
    private const string Symbols = "$€£¥₹₩₽₺₫₪฿₱₴₦";

    /// <summary>An amount ≥ 0 in major units; blank, "-" and "--" read as 0.</summary>
    public static decimal Amount(string file, CsvRecord record, int column, string header, string? currency = null)
    {
        var text = record[column].Trim();
        return TryAmount(text, currency, out var value, out var problem)
            ? value >= 0 ? value : throw new ExportFormatException(file, record.Line, header, $"'{ExportText.Excerpt(text)}' is negative")
            : throw new ExportFormatException(file, record.Line, header, problem);
    }

    /// <summary>An amount, or null when the column is absent.</summary>
    public static decimal? OptionalAmount(string file, CsvRecord record, int column, string header, string? currency = null) =>
        column < 0 ? null : Amount(file, record, column, header, currency);

    /// <summary>A whole count ≥ 0; blank, "-" and "--" read as 0; "12,345" reads as 12345.</summary>
    public static long Count(string file, CsvRecord record, int column, string header)
    {
        var text = record[column].Trim();
        if (!TryAmount(text, null, out var value, out var problem))
        {
            throw new ExportFormatException(file, record.Line, header, problem.Replace("an amount", "a count", StringComparison.Ordinal));
        }

        if (value < 0 || value != decimal.Truncate(value) || value > long.MaxValue)
        {
            throw new ExportFormatException(file, record.Line, header, $"'{ExportText.Excerpt(text)}' is not a whole count of 0 or more");
        }

        return (long)value;
    }

    /// <summary>A count, or null when the column is absent.</summary>
    public static long? OptionalCount(string file, CsvRecord record, int column, string header) =>
        column < 0 ? null : Count(file, record, column, header);

    /// <summary>Reads an amount: symbols, a currency code and thousands separators dropped; a decimal comma refused.</summary>
    public static bool TryAmount(string text, string? currency, out decimal value, out string problem)
    {
        value = 0;
        problem = string.Empty;
        var t = text.Replace('\u00A0', ' ').Trim();
        if (t.Length == 0 || t is "-" or "--" or "—" or "N/A" or "n/a")
        {
            return true;
        }

        var negative = false;
        if (t.StartsWith('(') && t.EndsWith(')'))
        {
            negative = true;
            t = t[1..^1].Trim();
        }

        var code = CurrencyCode().Match(t);
        if (code.Success)
        {
            var found = code.Groups["code"].Value;
            if (currency is not null && !string.Equals(found, currency, StringComparison.Ordinal))
            {
                problem = $"'{ExportText.Excerpt(text)}' is in {found}, not the column's {currency}";
                return false;
            }

            t = (code.Groups["before"].Value + code.Groups["after"].Value).Trim();
        }

        t = t.Trim(Symbols.ToCharArray()).Trim();
        if (t.StartsWith('-'))
        {
            negative = !negative;
            t = t[1..].Trim().TrimStart(Symbols.ToCharArray()).Trim();
        }

        if (t.Contains(',', StringComparison.Ordinal))
        {
            if (!Thousands().IsMatch(t))
            {
                problem = DecimalComma().IsMatch(t)
                    ? $"'{ExportText.Excerpt(text)}' looks like a decimal comma: export with a locale that writes amounts as 1,234.56"
                    : $"'{ExportText.Excerpt(text)}' is not an amount (expected digits, an optional '.' and ',' thousands separators)";
                return false;
            }

            t = t.Replace(",", string.Empty, StringComparison.Ordinal);
        }

        if (!Plain().IsMatch(t) || !decimal.TryParse(t, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out value))
        {
            problem = $"'{ExportText.Excerpt(text)}' is not an amount (expected digits, an optional '.' and ',' thousands separators)";
            return false;
        }

        value = negative ? -value : value;
        return true;
    }

    /// <summary>An ISO date (yyyy-MM-dd or yyyy/MM/dd; a time after it is ignored).</summary>
    public static DateOnly Date(string file, CsvRecord record, int column, string header)
    {
        var text = record[column].Trim();
        var match = IsoDate().Match(text);
        if (!match.Success || !DateOnly.TryParseExact(
            $"{match.Groups["y"].Value}-{match.Groups["m"].Value}-{match.Groups["d"].Value}", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            throw new ExportFormatException(file, record.Line, header, $"'{ExportText.Excerpt(text)}' is not a date (expected yyyy-MM-dd, e.g. 2025-03-09)");
        }

        return date;
    }

    /// <summary>
    /// An instant with its UTC offset, as Shopify writes them: "2025-03-09 14:05:00 -0500", "2025-03-09 14:05:00 -05:00"
    /// or ISO 8601 "2025-03-09T14:05:00-05:00" / "…Z". A time without an offset is refused.
    /// </summary>
    public static DateTimeOffset Instant(string file, CsvRecord record, int column, string header)
    {
        var text = record[column].Trim();
        var match = Timestamp().Match(text);
        if (!match.Success)
        {
            throw new ExportFormatException(
                file, record.Line, header, $"'{ExportText.Excerpt(text)}' is not a timestamp with a UTC offset (expected e.g. 2025-03-09 14:05:00 -0500)");
        }

        var offsetText = match.Groups["offset"].Value;
        var offset = TimeSpan.Zero;
        if (!string.Equals(offsetText, "Z", StringComparison.OrdinalIgnoreCase) && !string.Equals(offsetText, "UTC", StringComparison.OrdinalIgnoreCase))
        {
            var digits = offsetText.Replace(":", string.Empty, StringComparison.Ordinal);
            var hours = int.Parse(digits.AsSpan(1, 2), CultureInfo.InvariantCulture);
            var minutes = int.Parse(digits.AsSpan(3, 2), CultureInfo.InvariantCulture);
            offset = new TimeSpan(hours, minutes, 0) * (digits[0] == '-' ? -1 : 1);
        }

        var local = $"{match.Groups["date"].Value} {match.Groups["time"].Value}";
        if (!DateTime.TryParseExact(local, ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd HH:mm", "yyyy-MM-dd HH:mm:ss.FFFFFFF"], CultureInfo.InvariantCulture, DateTimeStyles.None, out var dateTime)
            || offset.Duration() > TimeSpan.FromHours(14))
        {
            throw new ExportFormatException(file, record.Line, header, $"'{ExportText.Excerpt(text)}' is not a valid timestamp");
        }

        return new DateTimeOffset(dateTime, offset);
    }

    [GeneratedRegex(@"^(?<before>.*?)\b(?<code>[A-Z]{3})\b(?<after>.*)$")]
    private static partial Regex CurrencyCode();

    [GeneratedRegex(@"^\d{1,3}(,\d{3})+(\.\d+)?$")]
    private static partial Regex Thousands();

    [GeneratedRegex(@"^\d+,\d{1,2}$|^\d{1,3}(\.\d{3})+,\d+$")]
    private static partial Regex DecimalComma();

    [GeneratedRegex(@"^(\d+(\.\d*)?|\.\d+)$")]
    private static partial Regex Plain();

    [GeneratedRegex(@"^(?<y>\d{4})[-/](?<m>\d{2})[-/](?<d>\d{2})(\b|T|\s|$)")]
    private static partial Regex IsoDate();

    [GeneratedRegex(@"^(?<date>\d{4}-\d{2}-\d{2})[T ](?<time>\d{2}:\d{2}(:\d{2}(\.\d+)?)?)\s*(?<offset>Z|UTC|[+-]\d{2}:?\d{2})$", RegexOptions.IgnoreCase)]
    private static partial Regex Timestamp();
}

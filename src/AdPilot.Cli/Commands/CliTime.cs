using System.Globalization;

namespace AdPilot.Cli.Commands;

/// <summary>How the commands read the times their options take: ISO 8601 dates or times, UTC unless an offset is given.</summary>
internal static class CliTime
{
    /// <summary>Parses an ISO 8601 date (its midnight UTC) or time (UTC unless it names an offset) into UTC.</summary>
    /// <param name="text">The option's value.</param>
    /// <param name="value">The instant, in UTC.</param>
    /// <returns>Whether the text is a date or a time.</returns>
    public static bool TryParseUtc(string text, out DateTimeOffset value) =>
        DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal | DateTimeStyles.AllowWhiteSpaces, out value);

    /// <summary>The start of the UTC hour an instant falls in.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The hour.</returns>
    public static DateTimeOffset HourOf(DateTimeOffset instant)
    {
        var utc = instant.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}

using AdPilot.Core.Features;

namespace AdPilot.Connectors.Exports;

/// <summary>Places a platform's local (day, hour) on the UTC calendar, DST-correct.</summary>
internal static class ExportTime
{
    /// <summary>
    /// The UTC start of a local hour. An hour the clocks skip cannot hold delivery and is an error; an hour they repeat is
    /// booked to its first occurrence, as the live ingestion books it (the platforms report the repeated hour as one row).
    /// </summary>
    public static DateTimeOffset ToUtc(string file, int line, string column, DateOnly day, int hour, TimeZoneInfo zone)
    {
        var local = day.ToDateTime(new TimeOnly(hour, 0), DateTimeKind.Unspecified);
        if (zone.IsInvalidTime(local))
        {
            throw new ExportFormatException(
                file, line, column, $"{day:yyyy-MM-dd} {hour:00}:00 does not exist in {zone.Id} (the clocks skip it): the export's time zone is not {zone.Id}");
        }

        return LocalHour.ToUtc(day, hour, zone);
    }
}

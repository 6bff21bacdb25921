using System.Globalization;
using AdPilot.Storage.Dashboard;
using Microsoft.AspNetCore.Http;

namespace AdPilot.Web.Dashboard;

/// <summary>The time range a page or chart shows: the last <see cref="Days"/> days up to the current hour, in hours or days.</summary>
/// <param name="Days">How many days, 1 to 90.</param>
/// <param name="Bucket">Hours or store-local days.</param>
/// <param name="From">The first hour.</param>
/// <param name="To">The end, exclusive (the hour after the current one).</param>
internal sealed record DashboardRange(int Days, TimeBucket Bucket, DateTimeOffset From, DateTimeOffset To)
{
    /// <summary>The choices offered.</summary>
    public static readonly int[] DayChoices = [1, 2, 7, 14, 30, 90];

    /// <summary>Gets the query string that asks for this range.</summary>
    public string Query => string.Create(CultureInfo.InvariantCulture, $"days={Days}&bucket={(Bucket == TimeBucket.Hour ? "hour" : "day")}");

    /// <summary>Reads <c>days</c> and <c>bucket</c> from the query: 7 days by default, hours up to 3 days and days beyond.</summary>
    public static DashboardRange Read(HttpRequest request, TimeProvider time)
    {
        var days = int.TryParse(request.Query["days"], NumberStyles.None, CultureInfo.InvariantCulture, out var d) ? Math.Clamp(d, 1, 90) : 7;
        var bucket = request.Query["bucket"].ToString() switch
        {
            "hour" => TimeBucket.Hour,
            "day" => TimeBucket.Day,
            _ => days <= 3 ? TimeBucket.Hour : TimeBucket.Day,
        };
        var now = time.GetUtcNow();
        var to = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
        return new DashboardRange(days, bucket, to.AddDays(-days), to);
    }

    /// <summary>A bucket's label in the store's time zone.</summary>
    public string Label(DateTimeOffset start, TimeZoneInfo zone)
    {
        var local = TimeZoneInfo.ConvertTime(start, zone);
        return Bucket == TimeBucket.Hour
            ? local.ToString("MM-dd HH:00", CultureInfo.InvariantCulture)
            : local.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
    }
}

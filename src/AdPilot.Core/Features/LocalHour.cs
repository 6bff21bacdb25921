namespace AdPilot.Core.Features;

/// <summary>
/// An instant seen on the store's wall clock: its local date, weekday and hour, DST-correct. Hours are stored in
/// UTC, so a local hour is always derived from a UTC one: the hour skipped when clocks go forward is never produced
/// (New York's 02:00 on a spring-forward Sunday), and the hour repeated when they go back is produced twice, once
/// per UTC hour, with different <see cref="Offset"/>s.
/// </summary>
/// <param name="Date">The local date.</param>
/// <param name="DayOfWeek">The local weekday.</param>
/// <param name="HourOfDay">The local hour, 0–23; in a zone whose offset is not whole hours (India, +05:30), the hour the instant falls in.</param>
/// <param name="Offset">The zone's offset from UTC at the instant.</param>
public readonly record struct LocalHour(DateOnly Date, DayOfWeek DayOfWeek, int HourOfDay, TimeSpan Offset)
{
    /// <summary>The number of hours in a week.</summary>
    public const int HoursPerWeek = 168;

    /// <summary>Gets the hour of the week, 0–167, counted from Sunday 00:00 local (the simulator's convention).</summary>
    public int HourOfWeek => ((int)DayOfWeek * 24) + HourOfDay;

    /// <summary>The local hour of a UTC instant.</summary>
    /// <param name="utc">The instant (any offset; it is converted).</param>
    /// <param name="zone">The store's time zone.</param>
    /// <returns>The local hour.</returns>
    public static LocalHour FromUtc(DateTimeOffset utc, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        var local = TimeZoneInfo.ConvertTime(utc, zone);
        return new LocalHour(DateOnly.FromDateTime(local.DateTime), local.DayOfWeek, local.Hour, local.Offset);
    }

    /// <summary>Whether an instant falls on an hour boundary in UTC (what every stored ad set-hour is keyed by).</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>Whether it is a whole UTC hour.</returns>
    public static bool IsWholeUtcHour(DateTimeOffset instant) => instant.UtcTicks % TimeSpan.TicksPerHour == 0;

    /// <summary>The start of the UTC hour an instant falls in.</summary>
    /// <param name="instant">The instant.</param>
    /// <returns>The hour, with offset zero.</returns>
    public static DateTimeOffset FloorToUtcHour(DateTimeOffset instant) =>
        new(instant.UtcTicks - (instant.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);

    /// <summary>
    /// The UTC start of a local wall-clock hour: an hour the clocks skip moves on to the first that exists (midnight
    /// does not exist on some DST days, e.g. America/Santiago), and an hour they repeat is its first occurrence.
    /// </summary>
    /// <param name="date">The local date.</param>
    /// <param name="hourOfDay">The local hour, 0–23.</param>
    /// <param name="zone">The time zone.</param>
    /// <returns>The instant, with offset zero.</returns>
    public static DateTimeOffset ToUtc(DateOnly date, int hourOfDay, TimeZoneInfo zone)
    {
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentOutOfRangeException.ThrowIfNegative(hourOfDay);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(hourOfDay, 23);
        var local = date.ToDateTime(new TimeOnly(hourOfDay, 0), DateTimeKind.Unspecified);
        while (zone.IsInvalidTime(local))
        {
            local = local.AddHours(1);
        }

        var offset = zone.IsAmbiguousTime(local) ? zone.GetAmbiguousTimeOffsets(local).Max() : zone.GetUtcOffset(local);
        return new DateTimeOffset(local, offset).ToUniversalTime();
    }

    /// <summary>The UTC instant a local day starts (see <see cref="ToUtc"/> for DST days).</summary>
    /// <param name="date">The local date.</param>
    /// <param name="zone">The time zone.</param>
    /// <returns>The instant, with offset zero.</returns>
    public static DateTimeOffset MidnightUtc(DateOnly date, TimeZoneInfo zone) => ToUtc(date, 0, zone);
}

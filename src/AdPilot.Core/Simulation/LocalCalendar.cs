namespace AdPilot.Core.Simulation;

/// <summary>
/// Maps the simulation's hour index (UTC hours since the start) to the store's local day, hour and weekday,
/// DST-correct, computed once per hour in chunks so the step loop reads arrays instead of converting times.
/// </summary>
internal sealed class LocalCalendar
{
    private const int ChunkHours = 24 * 28;
    private readonly TimeZoneInfo _zone;
    private readonly DateOnly _startDate;
    private byte[] _hourOfDay = [];
    private byte[] _dayOfWeek = [];
    private int[] _localDay = [];
    private int _count;

    public LocalCalendar(DateOnly startDate, string timeZoneId)
    {
        _zone = TimeZoneInfo.FindSystemTimeZoneById(timeZoneId);
        _startDate = startDate;
        StartUtc = Features.LocalHour.MidnightUtc(startDate, _zone);
        Extend(ChunkHours);
    }

    /// <summary>Gets the UTC instant of hour 0: local midnight of the start date.</summary>
    public DateTimeOffset StartUtc { get; }

    public int HourOfDay(int hour) => Ensure(hour)._hourOfDay[hour];

    public DayOfWeek DayOfWeek(int hour) => (DayOfWeek)Ensure(hour)._dayOfWeek[hour];

    /// <summary>Local days since the start date (0 on the start date).</summary>
    public int LocalDay(int hour) => Ensure(hour)._localDay[hour];

    /// <summary>Hours since Sunday 00:00 local, 0–167.</summary>
    public int HourOfWeek(int hour) => (Ensure(hour)._dayOfWeek[hour] * 24) + _hourOfDay[hour];

    public DateTimeOffset UtcOf(int hour) => StartUtc.AddHours(hour);

    private LocalCalendar Ensure(int hour)
    {
        if (hour >= _count)
        {
            Extend(hour + ChunkHours);
        }

        return this;
    }

    private void Extend(int count)
    {
        Array.Resize(ref _hourOfDay, count);
        Array.Resize(ref _dayOfWeek, count);
        Array.Resize(ref _localDay, count);
        var startDay = _startDate.DayNumber;
        for (var h = _count; h < count; h++)
        {
            var local = TimeZoneInfo.ConvertTime(StartUtc.AddHours(h), _zone);
            _hourOfDay[h] = (byte)local.Hour;
            _dayOfWeek[h] = (byte)local.DayOfWeek;
            _localDay[h] = DateOnly.FromDateTime(local.DateTime).DayNumber - startDay;
        }

        _count = count;
    }
}

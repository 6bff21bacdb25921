using AdPilot.Core.Features;

namespace AdPilot.Core.Tests.Features;

public sealed class LocalHourTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

    [Theory]
    [InlineData("2026-03-08T06:00:00Z", 1, -5)] // 01:00 EST, the last hour before the jump
    [InlineData("2026-03-08T07:00:00Z", 3, -4)] // 03:00 EDT: 02:00 never happens
    public void FromUtc_NewYorkSpringForward_SkipsTwoOClock(string utc, int hour, int offsetHours)
    {
        var local = LocalHour.FromUtc(DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture), NewYork);

        Assert.Equal(hour, local.HourOfDay);
        Assert.Equal(TimeSpan.FromHours(offsetHours), local.Offset);
        Assert.Equal(DayOfWeek.Sunday, local.DayOfWeek);
        Assert.Equal(new DateOnly(2026, 3, 8), local.Date);
    }

    [Fact]
    public void FromUtc_NewYorkFallBack_RepeatsOneOClockWithTwoOffsets()
    {
        var first = LocalHour.FromUtc(Utc(2026, 11, 1, 5), NewYork);
        var second = LocalHour.FromUtc(Utc(2026, 11, 1, 6), NewYork);

        Assert.Equal(1, first.HourOfDay);
        Assert.Equal(1, second.HourOfDay);
        Assert.Equal(TimeSpan.FromHours(-4), first.Offset);
        Assert.Equal(TimeSpan.FromHours(-5), second.Offset);
        Assert.Equal(first.HourOfWeek, second.HourOfWeek);
    }

    [Fact]
    public void FromUtc_BerlinSpringForward_SkipsTwoOClock()
    {
        Assert.Equal(1, LocalHour.FromUtc(Utc(2026, 3, 29, 0), Berlin).HourOfDay);
        Assert.Equal(3, LocalHour.FromUtc(Utc(2026, 3, 29, 1), Berlin).HourOfDay);
    }

    [Fact]
    public void FromUtc_BerlinFallBack_RepeatsTwoOClock()
    {
        var first = LocalHour.FromUtc(Utc(2026, 10, 25, 0), Berlin);
        var second = LocalHour.FromUtc(Utc(2026, 10, 25, 1), Berlin);

        Assert.Equal((2, 2), (first.HourOfDay, second.HourOfDay));
        Assert.Equal((TimeSpan.FromHours(2), TimeSpan.FromHours(1)), (first.Offset, second.Offset));
    }

    [Theory]
    [InlineData("America/New_York", 2026, 3, 8, 23)]
    [InlineData("America/New_York", 2026, 11, 1, 25)]
    [InlineData("Europe/Berlin", 2026, 3, 29, 23)]
    [InlineData("Europe/Berlin", 2026, 10, 25, 25)]
    [InlineData("Europe/Berlin", 2026, 6, 1, 24)]
    public void FromUtc_DstDays_HaveTheirTrueNumberOfHours(string zoneId, int year, int month, int day, int hours)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var date = new DateOnly(year, month, day);
        var start = Utc(year, month, day, 0).AddDays(-1);

        var count = Enumerable.Range(0, 72).Select(h => LocalHour.FromUtc(start.AddHours(h), zone)).Count(l => l.Date == date);

        Assert.Equal(hours, count);
    }

    [Fact]
    public void HourOfWeek_SundayMidnightIsZeroAndSaturdayLastHourIs167()
    {
        Assert.Equal(0, new LocalHour(new DateOnly(2026, 11, 22), DayOfWeek.Sunday, 0, TimeSpan.Zero).HourOfWeek);
        Assert.Equal(167, new LocalHour(new DateOnly(2026, 11, 28), DayOfWeek.Saturday, 23, TimeSpan.Zero).HourOfWeek);
    }

    [Fact]
    public void FromUtc_HalfHourZone_TakesTheHourTheInstantFallsIn()
    {
        var kolkata = TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata");

        Assert.Equal(5, LocalHour.FromUtc(Utc(2026, 1, 5, 0), kolkata).HourOfDay); // 05:30 local
    }

    [Fact]
    public void FloorToUtcHour_AnyOffset_GivesTheUtcHourStart()
    {
        var instant = new DateTimeOffset(2026, 1, 5, 10, 45, 12, TimeSpan.FromHours(2));

        var hour = LocalHour.FloorToUtcHour(instant);

        Assert.Equal(Utc(2026, 1, 5, 8), hour);
        Assert.True(LocalHour.IsWholeUtcHour(hour));
        Assert.False(LocalHour.IsWholeUtcHour(instant));
    }

    internal static DateTimeOffset Utc(int year, int month, int day, int hour) => new(year, month, day, hour, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData("2026-03-08", 1, "2026-03-08T06:00:00Z")] // before the jump: EST
    [InlineData("2026-03-08", 2, "2026-03-08T07:00:00Z")] // 02:00 does not exist: the next hour that does, 03:00 EDT
    [InlineData("2026-03-08", 3, "2026-03-08T07:00:00Z")]
    [InlineData("2026-11-01", 1, "2026-11-01T05:00:00Z")] // 01:00 happens twice: the first, still EDT
    [InlineData("2026-11-01", 2, "2026-11-01T07:00:00Z")]
    public void ToUtc_NewYorkDstDays_SkippedHourMovesOnAndRepeatedHourIsTheFirst(string date, int hour, string expected)
    {
        var utc = LocalHour.ToUtc(DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture), hour, NewYork);

        Assert.Equal(DateTimeOffset.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), utc);
        Assert.Equal(TimeSpan.Zero, utc.Offset);
    }

    [Fact]
    public void MidnightUtc_IsTheFirstHourOfTheLocalDay()
    {
        var midnight = LocalHour.MidnightUtc(new DateOnly(2026, 7, 1), Berlin);

        Assert.Equal(new DateTimeOffset(2026, 6, 30, 22, 0, 0, TimeSpan.Zero), midnight);
        Assert.Equal(0, LocalHour.FromUtc(midnight, Berlin).HourOfDay);
    }
}

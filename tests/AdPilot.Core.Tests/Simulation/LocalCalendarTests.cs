using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Simulation;

public sealed class LocalCalendarTests
{
    private static readonly DateOnly Start = new(2026, 3, 2);

    private static readonly string[] Zones = [.. ScenarioGenerators.TimeZones];

    [Fact]
    public void StartUtc_NewYorkInWinter_IsLocalMidnightAtFiveZulu()
    {
        var calendar = new LocalCalendar(Start, "America/New_York");

        Assert.Equal(new DateTimeOffset(2026, 3, 2, 5, 0, 0, TimeSpan.Zero), calendar.StartUtc);
        Assert.Equal(TimeSpan.Zero, calendar.StartUtc.Offset);
        Assert.Equal(0, calendar.HourOfDay(0));
        Assert.Equal(0, calendar.LocalDay(0));
        Assert.Equal(DayOfWeek.Monday, calendar.DayOfWeek(0));
        Assert.Equal(calendar.StartUtc.AddHours(30), calendar.UtcOf(30));
    }

    [Fact]
    public void HourOfDay_SpringForwardDay_Has23HoursAndSkipsTwoOClock()
    {
        var calendar = new LocalCalendar(Start, "America/New_York");

        var hours = HoursOfLocalDay(calendar, Start, new DateOnly(2026, 3, 8));

        int[] expected = [0, 1, .. Enumerable.Range(3, 21)];
        Assert.Equal(23, hours.Count);
        Assert.Equal(expected, hours);
    }

    [Fact]
    public void HourOfDay_FallBackDay_Has25HoursWithOneOClockTwice()
    {
        var calendar = new LocalCalendar(Start, "America/New_York");

        var hours = HoursOfLocalDay(calendar, Start, new DateOnly(2026, 11, 1));

        int[] expected = [0, 1, 1, .. Enumerable.Range(2, 22)];
        Assert.Equal(25, hours.Count);
        Assert.Equal(expected, hours);
    }

    [Fact]
    public void HourOfDay_DaysAroundTheTransitions_Have24Hours()
    {
        var calendar = new LocalCalendar(Start, "America/New_York");

        foreach (var day in new[] { new DateOnly(2026, 3, 7), new DateOnly(2026, 3, 9), new DateOnly(2026, 10, 31), new DateOnly(2026, 11, 2) })
        {
            Assert.Equal(Enumerable.Range(0, 24), HoursOfLocalDay(calendar, Start, day));
        }
    }

    [Fact]
    public void HourOfDay_ZoneWithoutDst_Has24HoursEveryDay()
    {
        var calendar = new LocalCalendar(Start, "Asia/Tokyo");

        Assert.Equal(new DateTimeOffset(2026, 3, 1, 15, 0, 0, TimeSpan.Zero), calendar.StartUtc);
        for (var h = 0; h < 24 * 400; h++)
        {
            Assert.Equal(h % 24, calendar.HourOfDay(h));
            Assert.Equal(h / 24, calendar.LocalDay(h));
        }
    }

    [Fact]
    public void StartUtc_MidnightSkippedBySpringForward_StartsAtTheFirstLocalHour()
    {
        // Chile springs forward at midnight: 2026-09-06 00:00 does not exist and the day begins at 01:00 (UTC−3).
        var calendar = new LocalCalendar(new DateOnly(2026, 9, 6), "America/Santiago");

        Assert.Equal(new DateTimeOffset(2026, 9, 6, 4, 0, 0, TimeSpan.Zero), calendar.StartUtc);
        Assert.Equal(1, calendar.HourOfDay(0));
        Assert.Equal(0, calendar.LocalDay(0));
        Assert.Equal(23, HoursOfLocalDay(calendar, new DateOnly(2026, 9, 6), new DateOnly(2026, 9, 6)).Count);
    }

    [Fact]
    public void StartUtc_MidnightRepeatedByFallBack_StartsAtItsFirstOccurrence()
    {
        // Cuba falls back from 01:00 to 00:00 on 2026-11-01, so local midnight happens twice (04:00Z and 05:00Z).
        var calendar = new LocalCalendar(new DateOnly(2026, 11, 1), "America/Havana");

        Assert.Equal(new DateTimeOffset(2026, 11, 1, 4, 0, 0, TimeSpan.Zero), calendar.StartUtc);
        int[] expected = [0, 0, .. Enumerable.Range(1, 23)];
        Assert.Equal(expected, HoursOfLocalDay(calendar, new DateOnly(2026, 11, 1), new DateOnly(2026, 11, 1)));
    }

    [Fact]
    public void Calendar_AnyZoneStartAndHour_AgreesWithTimeZoneConversion()
    {
        var gen = Gen.Select(Gen.OneOfConst(Zones), Gen.Int[0, 365 * 15], Gen.Int[0, 24 * 800]);
        Check.Sample(gen, (zoneId, dayOffset, hour) =>
        {
            var start = new DateOnly(2020, 1, 1).AddDays(dayOffset);
            var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
            var calendar = new LocalCalendar(start, zoneId);

            var local = TimeZoneInfo.ConvertTime(calendar.UtcOf(hour), zone);
            var localDate = DateOnly.FromDateTime(local.DateTime);
            Assert.Equal(local.Hour, calendar.HourOfDay(hour));
            Assert.Equal(localDate.DayNumber - start.DayNumber, calendar.LocalDay(hour));
            Assert.Equal(local.DayOfWeek, calendar.DayOfWeek(hour));
            Assert.Equal(start.AddDays(calendar.LocalDay(hour)).DayOfWeek, calendar.DayOfWeek(hour));
            Assert.Equal(((int)local.DayOfWeek * 24) + local.Hour, calendar.HourOfWeek(hour));
            Assert.InRange(calendar.HourOfWeek(hour), 0, 167);

            // Hour 0 is the start date's first local hour: midnight, or the first hour after a skipped midnight.
            var first = TimeZoneInfo.ConvertTime(calendar.StartUtc, zone);
            Assert.Equal(start, DateOnly.FromDateTime(first.DateTime));
            Assert.True(first.TimeOfDay < TimeSpan.FromHours(2), $"hour 0 is {first:O}");
            Assert.Equal(first.TimeOfDay, TimeSpan.FromHours(first.Hour));
        }, iter: 300);
    }

    [Fact]
    public void LocalDay_AnyZone_NeverDecreasesAndStepsByAtMostOne()
    {
        Check.Sample(Gen.Select(Gen.OneOfConst(Zones), Gen.Int[0, 365 * 10]), (zoneId, dayOffset) =>
        {
            var calendar = new LocalCalendar(new DateOnly(2021, 1, 1).AddDays(dayOffset), zoneId);
            for (var h = 1; h < 24 * 400; h++)
            {
                var step = calendar.LocalDay(h) - calendar.LocalDay(h - 1);
                Assert.InRange(step, 0, 1);
            }

            // 400 days of whole hours cover 399 or 400 local days whatever the offsets did.
            Assert.InRange(calendar.LocalDay((24 * 400) - 1), 398, 400);
        }, iter: 30);
    }

    [Fact]
    public void HourOfDay_LaterHourFirst_ExtendsTheTableConsistently()
    {
        // The table grows in chunks on demand; reading far ahead first must give what reading in order gives.
        var ahead = new LocalCalendar(Start, "America/New_York");
        var inOrder = new LocalCalendar(Start, "America/New_York");

        var far = ahead.HourOfDay(24 * 365 * 3);
        for (var h = 0; h <= 24 * 365 * 3; h++)
        {
            Assert.Equal(inOrder.HourOfDay(h), ahead.HourOfDay(h));
            Assert.Equal(inOrder.LocalDay(h), ahead.LocalDay(h));
        }

        Assert.Equal(inOrder.HourOfDay(24 * 365 * 3), far);
    }

    private static List<int> HoursOfLocalDay(LocalCalendar calendar, DateOnly start, DateOnly day)
    {
        var target = day.DayNumber - start.DayNumber;
        var hours = new List<int>();
        for (var h = 0; calendar.LocalDay(h) <= target; h++)
        {
            if (calendar.LocalDay(h) == target)
            {
                hours.Add(calendar.HourOfDay(h));
            }
        }

        return hours;
    }
}

using AdPilot.Core.Features;
using AdPilot.Core.Simulation;
using CsCheck;

namespace AdPilot.Core.Tests.Features;

public sealed class SeasonalityTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly DateTimeOffset Start = new(2026, 2, 1, 5, 0, 0, TimeSpan.Zero); // Sunday 00:00 EST

    [Fact]
    public void Learn_HistoryShorterThanTheMinimum_IsFlat()
    {
        var orders = Enumerable.Range(0, 13 * 24).SelectMany(h => Enumerable.Repeat(Start.AddHours(h), 5)).ToArray();

        var table = Seasonality.Learn(orders, Start, Start.AddDays(13), NewYork);

        Assert.Same(SeasonalityTable.Flat, table);
        Assert.False(table.IsLearned);
        Assert.All(table.Factors, f => Assert.Equal(1, f));
    }

    [Fact]
    public void LearnHourly_CountsPerUtcHour_LearnTheSameTableAsTheOrdersThemselves()
    {
        var zones = new[] { NewYork, TimeZoneInfo.FindSystemTimeZoneById("Asia/Kolkata"), TimeZoneInfo.Utc };
        Check.Sample(Gen.Select(Gen.Int[0, 56 * 24 * 60 - 1].Array[0, 3_000], Gen.Int[0, 2]), (minutes, zone) =>
        {
            var orders = minutes.Select(m => Start.AddMinutes(m)).ToArray();
            var hourly = orders
                .GroupBy(o => new DateTimeOffset(o.UtcDateTime.Date.AddHours(o.UtcDateTime.Hour), TimeSpan.Zero))
                .Select(g => (g.Key, (long)g.Count()));
            var options = new SeasonalityOptions { MinOrders = 10 };

            var expected = Seasonality.Learn(orders, Start, Start.AddDays(56), zones[zone], options);
            var actual = Seasonality.LearnHourly(hourly, Start, Start.AddDays(56), zones[zone], options);

            Assert.Equal(expected.Factors, actual.Factors);
        }, iter: 20);
        Assert.Throws<ArgumentException>(() => Seasonality.LearnHourly([(Start, -1)], Start, Start.AddDays(56), NewYork));
    }

    [Fact]
    public void Learn_TooFewOrders_IsFlat()
    {
        var orders = Enumerable.Range(0, 100).Select(h => Start.AddHours(h)).ToArray();

        Assert.Same(SeasonalityTable.Flat, Seasonality.Learn(orders, Start, Start.AddDays(28), NewYork));
    }

    [Fact]
    public void Learn_EveningPeak_RecoversThePattern()
    {
        // Twice the orders from 18:00 to 22:00 local, every day, for eight weeks spanning the March DST change.
        var orders = new List<DateTimeOffset>();
        var rng = new Rng(42);
        for (var h = 0; h < 8 * 168; h++)
        {
            var hour = Start.AddHours(h);
            var local = LocalHour.FromUtc(hour, NewYork);
            var rate = local.HourOfDay is >= 18 and < 22 ? 20.0 : 10.0;
            for (var k = rng.Poisson(rate); k > 0; k--)
            {
                orders.Add(hour.AddMinutes(30));
            }
        }

        var table = Seasonality.Learn(orders, Start, Start.AddDays(56), NewYork, new SeasonalityOptions { SmoothingRadiusHours = 0 });

        Assert.True(table.IsLearned);
        var peak = Enumerable.Range(0, 168).Where(k => k % 24 is >= 18 and < 22).Average(table.Factor);
        var rest = Enumerable.Range(0, 168).Where(k => k % 24 is < 17 or > 22).Average(table.Factor);
        Assert.Equal(2.0, peak / rest, 0.1);
        Assert.Equal(1.0, table.Factors.Average(), 12);
    }

    [Fact]
    public void Learn_AnyOrders_FactorsAverageOneAndArePositive()
    {
        var gen = Gen.Select(Gen.Int[0, 40 * 24].Array[0, 3_000], Gen.Int[14, 40], Gen.Int[0, 3], Gen.Double[0, 10]);
        Check.Sample(gen, t =>
        {
            var (hours, days, radius, pseudo) = t;
            var orders = hours.Select(h => Start.AddHours(h).AddMinutes(7));
            var options = new SeasonalityOptions { MinOrders = 1, SmoothingRadiusHours = radius, PseudoOrders = pseudo };

            var table = Seasonality.Learn(orders, Start, Start.AddDays(days), NewYork, options);

            Assert.Equal(168, table.Factors.Count);
            Assert.Equal(1.0, table.Factors.Average(), 9);
            Assert.All(table.Factors, f => Assert.True(f >= 0 && double.IsFinite(f)));
        }, iter: 100);
    }

    [Fact]
    public void Validate_BadOptions_NameTheSetting()
    {
        var errors = new SeasonalityOptions { MinHistoryDays = 3, PseudoOrders = -1, SmoothingRadiusHours = 20, MinOrders = 0 }.Validate();

        Assert.Equal(4, errors.Count);
        Assert.Contains(errors, e => e.StartsWith("MinHistoryDays", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("PseudoOrders", StringComparison.Ordinal));
    }
}

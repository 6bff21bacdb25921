using AdPilot.Core.Features;

namespace AdPilot.Core.Tests.Features;

public sealed class SeasonalityTableTests
{
    [Fact]
    public void FromFactors_Rescales_ToMeanOne()
    {
        var table = SeasonalityTable.FromFactors(Enumerable.Range(0, 168).Select(k => 2.0 + (k % 2)).ToArray());

        Assert.Equal(1.0, table.Factors.Average(), 12);
        Assert.Equal(2.0 / 2.5, table.Factor(0), 12);
    }

    [Fact]
    public void FromFactors_WrongCount_Throws()
    {
        Assert.Throws<ArgumentException>(() => SeasonalityTable.FromFactors([1.0, 2.0]));
    }

    [Fact]
    public void FactorAt_UtcInstant_ReadsTheLocalHourOfWeek()
    {
        var table = SeasonalityTable.FromFactors(Enumerable.Range(0, 168).Select(k => 1.0 + k).ToArray());
        var berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");

        // Sunday 2026-01-04 23:30 UTC is Monday 00:30 in Berlin: hour of week 24.
        Assert.Equal(table.Factor(24), table.FactorAt(new DateTimeOffset(2026, 1, 4, 23, 30, 0, TimeSpan.Zero), berlin));
    }

    [Theory]
    [InlineData(-1)]
    [InlineData(168)]
    public void Factor_OutOfRange_Throws(int hourOfWeek)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => SeasonalityTable.Flat.Factor(hourOfWeek));
    }
}

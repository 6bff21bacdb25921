using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Core.Tests.Features;

public sealed class FeaturizerTests
{
    private static readonly TimeZoneInfo NewYork = TimeZoneInfo.FindSystemTimeZoneById("America/New_York");
    private static readonly TimeZoneInfo Berlin = TimeZoneInfo.FindSystemTimeZoneById("Europe/Berlin");
    private static readonly DateTimeOffset Hour = new(2026, 1, 14, 17, 0, 0, TimeSpan.Zero); // Wednesday 12:00 EST

    private static readonly AdSetConfiguration Configuration = new(
        new Money(120m, "USD"), Platform.Instagram, AgeGroup.Age25To34, Interests.Beauty, CreativeType.Ugc, BidStrategy.LowestCost);

    [Fact]
    public void StateAt_NewAdSetWithNoHistory_ReadsThePriorAndNoCompetition()
    {
        var prior = new AccountPrior(0.015, 2_000, 0.03, 200);

        var state = CreateSut().StateAt(Hour, [], Configuration, prior, SeasonalityTable.Flat, NewYork);

        Assert.Equal(0.015, state.HistoricalCtr);
        Assert.Equal(0.03, state.HistoricalCvr);
        Assert.Equal(0, state.CompetitorActivity);
        Assert.Equal(1, state.Seasonality);
        Assert.Equal((0.0, 0.0), (state.SpendLast24Hours, state.RevenueLast24Hours));
    }

    [Fact]
    public void StateAt_Configuration_IsCarriedOver()
    {
        var configuration = Configuration with { Status = AdSetStatus.Paused, InLearningPhase = true, BidStrategy = BidStrategy.CostCap(12m) };

        var state = CreateSut().StateAt(Hour, [], configuration, AccountPrior.Default, SeasonalityTable.Flat, NewYork);

        Assert.Equal(120, state.CurrentBudget);
        Assert.Equal((Platform.Instagram, AgeGroup.Age25To34, Interests.Beauty, CreativeType.Ugc), (state.Platform, state.TargetAgeGroup, state.TargetInterests, state.CreativeType));
        Assert.Equal((AdSetStatus.Paused, true, BidStrategy.CostCap(12m)), (state.Status, state.InLearningPhase, state.BidStrategy));
        Assert.Equal((DayOfWeek.Wednesday, 12), (state.DayOfWeek, state.HourOfDay));
    }

    [Fact]
    public void StateAt_HoursWithZeroImpressions_LeaveThePriorAndNoCpm()
    {
        AdSetHour[] history = [Row(-1, spend: 0, impressions: 0, clicks: 0), Row(-2, spend: 0, impressions: 0, clicks: 0)];

        var state = CreateSut().StateAt(Hour, history, Configuration, AccountPrior.Default, SeasonalityTable.Flat, NewYork);

        Assert.Equal(0.01, state.HistoricalCtr);
        Assert.Equal(0.02, state.HistoricalCvr);
        Assert.Equal(0, state.CompetitorActivity);
    }

    [Fact]
    public void StateAt_LastHour_WeighsOneAndTheRowsOfTheHourItselfAreIgnored()
    {
        AdSetHour[] history = [Row(-1, impressions: 2_000, clicks: 60, orders: 3), Row(0, impressions: 1_000_000, clicks: 0)];

        var state = CreateSut().StateAt(Hour, history, Configuration, AccountPrior.Default, SeasonalityTable.Flat, NewYork);

        Assert.Equal((20 + 60) / 4_000.0, state.HistoricalCtr, 12);
        Assert.Equal((4 + 3) / 260.0, state.HistoricalCvr, 12);
    }

    [Fact]
    public void StateAt_TrailingDay_SumsTheLast24HoursOnly()
    {
        var history = Enumerable.Range(1, 30).Select(h => Row(-h, spend: 2m, revenue: 5m)).ToArray();

        var state = CreateSut().StateAt(Hour, history, Configuration, AccountPrior.Default, SeasonalityTable.Flat, NewYork);

        Assert.Equal(48, state.SpendLast24Hours, 9);
        Assert.Equal(120, state.RevenueLast24Hours, 9);
        Assert.Equal(2.5, state.RoasLast24Hours, 9);
    }

    [Fact]
    public void StateAt_CpmRisesInTheLastHour_ReadsCompetition()
    {
        var history = Enumerable.Range(2, 100).Select(h => Row(-h, spend: 10m, impressions: 1_000)).Append(Row(-1, spend: 15m, impressions: 1_000)).ToArray();

        var state = CreateSut().StateAt(Hour, history, Configuration, AccountPrior.Default, SeasonalityTable.Flat, NewYork);

        Assert.InRange(state.CompetitorActivity, 0.4, 0.5);
    }

    [Fact]
    public void StateAt_RowsOlderThanTheHistoryWindow_AreIgnored()
    {
        var sut = new Featurizer(new FeaturizerOptions { HistoryHours = 24 });
        AdSetHour[] history = [Row(-25, impressions: 100_000, clicks: 50_000)];

        var state = sut.StateAt(Hour, history, Configuration, AccountPrior.Default, SeasonalityTable.Flat, NewYork);

        Assert.Equal(0.01, state.HistoricalCtr);
    }

    [Theory]
    [InlineData("America/New_York", "2026-03-08T07:00:00Z", 3)]
    [InlineData("America/New_York", "2026-11-01T06:00:00Z", 1)]
    [InlineData("Europe/Berlin", "2026-03-29T01:00:00Z", 3)]
    [InlineData("Europe/Berlin", "2026-10-25T01:00:00Z", 2)]
    public void StateAt_DstHours_UseTheLocalHourAndItsSeasonality(string zoneId, string utc, int expectedHour)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(zoneId);
        var hour = DateTimeOffset.Parse(utc, System.Globalization.CultureInfo.InvariantCulture);
        var seasonality = SeasonalityTable.FromFactors(Enumerable.Range(0, 168).Select(k => 1.0 + k).ToArray());

        var state = CreateSut().StateAt(hour, [], Configuration, AccountPrior.Default, seasonality, zone);

        Assert.Equal(expectedHour, state.HourOfDay);
        Assert.Equal(DayOfWeek.Sunday, state.DayOfWeek);
        Assert.Equal(seasonality.Factor(expectedHour), state.Seasonality);
    }

    [Fact]
    public void StateAt_TwoRowsForOneHour_Throws()
    {
        AdSetHour[] history = [Row(-1), Row(-1)];

        Assert.Throws<ArgumentException>(() => CreateSut().StateAt(Hour, history, Configuration, AccountPrior.Default, SeasonalityTable.Flat, Berlin));
    }

    [Fact]
    public void StateAt_HourNotWhole_Throws()
    {
        Assert.Throws<ArgumentException>(() => CreateSut().StateAt(Hour.AddMinutes(5), [], Configuration, AccountPrior.Default, SeasonalityTable.Flat, Berlin));
    }

    [Fact]
    public void StateAt_NegativeCounts_Throws()
    {
        AdSetHour[] history = [Row(-1, clicks: -1)];

        Assert.Throws<ArgumentException>(() => CreateSut().StateAt(Hour, history, Configuration, AccountPrior.Default, SeasonalityTable.Flat, Berlin));
    }

    [Fact]
    public void Constructor_InvalidOptions_NamesTheSetting()
    {
        var exception = Assert.Throws<ArgumentException>(() => new Featurizer(new FeaturizerOptions { RateHalfLifeHours = 0, HistoryHours = 1 }));

        Assert.Contains("RateHalfLifeHours", exception.Message, StringComparison.Ordinal);
        Assert.Contains("HistoryHours", exception.Message, StringComparison.Ordinal);
    }

    private static Featurizer CreateSut() => new();

    private static AdSetHour Row(
        int hoursFromHour, decimal spend = 10m, long impressions = 1_000, long clicks = 10, double orders = 0, decimal revenue = 0m) =>
        new(Hour.AddHours(hoursFromHour), spend, impressions, clicks, 0, orders, revenue);
}

using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class CalibrationStatisticsTests
{
    [Fact]
    public void StandardDeviation_KnownValues_IsTheSampleStandardDeviation()
    {
        // Mean 5, squared deviations sum to 32, n − 1 = 7.
        var sd = CalibrationStatistics.StandardDeviation([2, 4, 4, 4, 5, 5, 7, 9]);

        Assert.Equal(Math.Sqrt(32.0 / 7), sd, 12);
    }

    [Fact]
    public void StandardDeviation_OneValue_IsNaN()
    {
        Assert.True(double.IsNaN(CalibrationStatistics.StandardDeviation([3])));
    }

    [Fact]
    public void LogStandardDeviation_PowersOfE_IsOne()
    {
        var sd = CalibrationStatistics.LogStandardDeviation([1, Math.E, Math.E * Math.E]);

        Assert.Equal(1.0, sd, 12);
    }

    [Fact]
    public void LogStandardDeviation_ZeroValue_Throws()
    {
        Assert.Throws<ArgumentException>(() => CalibrationStatistics.LogStandardDeviation([1, 0]));
    }

    [Fact]
    public void PooledWithinGroupStandardDeviation_TwoGroups_RemovesEachGroupsMean()
    {
        // {1, 3}: squares 2, df 1. {10, 12, 14}: squares 8, df 2. A lone value adds nothing.
        var sd = CalibrationStatistics.PooledWithinGroupStandardDeviation([[1, 3], [10, 12, 14], [100]]);

        Assert.Equal(Math.Sqrt(10.0 / 3), sd, 12);
    }

    [Fact]
    public void OlsSlope_ThreePoints_MatchesTheHandComputedSlope()
    {
        // x̄ = 2, ȳ = 12.5 / 3; Sxy = (−1)(2 − ȳ) + 0 + (1)(6.5 − ȳ) = 4.5; Sxx = 2.
        var slope = CalibrationStatistics.OlsSlope([1, 2, 3], [2, 4, 6.5]);

        Assert.Equal(2.25, slope, 12);
    }

    [Fact]
    public void OlsSlope_ConstantRegressor_IsNaN()
    {
        Assert.True(double.IsNaN(CalibrationStatistics.OlsSlope([2, 2], [1, 5])));
    }

    [Theory]
    [InlineData(0.0, 1.0)]
    [InlineData(0.1, 1.4)]
    [InlineData(0.5, 3.0)]
    [InlineData(0.9, 4.6)]
    [InlineData(1.0, 5.0)]
    public void Percentile_OneToFive_InterpolatesBetweenOrderStatistics(double p, double expected)
    {
        Assert.Equal(expected, CalibrationStatistics.Percentile([5, 3, 1, 4, 2], p), 12);
    }

    [Fact]
    public void WeekOverWeekLogChange_TwoSeries_PoolsTheirChanges()
    {
        // Changes: 1, 0 (first series) and −2 (second); mean −1/3; squares (16 + 1 + 25) / 9; n − 1 = 2.
        var (sd, changes) = CalibrationStatistics.WeekOverWeekLogChange([[1, Math.E, Math.E], [Math.E * Math.E, 1]]);

        Assert.Equal(3, changes);
        Assert.Equal(Math.Sqrt(42.0 / 9 / 2), sd, 12);
    }

    [Fact]
    public void Dispersion_HandMadeAds_UsesOnlyAdsWhereEachLogExists()
    {
        AdTotals[] ads =
        [
            new(Impressions: 1000, Clicks: 10, Spend: 1, Conversions: 1),
            new(Impressions: 1000, Clicks: 10, Spend: Math.E, Conversions: Math.E * Math.E),
            new(Impressions: 1000, Clicks: 0, Spend: 0, Conversions: 1),
        ];

        var d = CalibrationStatistics.Dispersion(ads);

        Assert.Equal(3, d.Ads);
        // CPMs 1 and e, CTRs both 1%, spends 1 and e, conversions 1 and e² (the third ad has no spend to take the log of).
        Assert.Equal(2, d.CpmLogSd.Count);
        Assert.Equal(Math.Sqrt(0.5), d.CpmLogSd.Value, 12);
        Assert.Equal(2, d.CtrLogSd.Count);
        Assert.Equal(0.0, d.CtrLogSd.Value, 12);
        Assert.Equal(Math.Sqrt(0.5), d.SpendLogSd.Value, 12);
        Assert.Equal(2, d.Elasticity.Count);
        Assert.Equal(2.0, d.Elasticity.Value, 12);
    }

    [Fact]
    public void PooledWithinGroupSlope_TwoGroups_IgnoresTheGapBetweenThem()
    {
        // Centred: (∓0.5, ∓1) and (∓1, ∓1); Sxy = 1 + 2, Sxx = 0.5 + 2. Across groups the slope would be about 0.5.
        var slope = CalibrationStatistics.PooledWithinGroupSlope([[(0, 0), (1, 2)], [(10, 5), (12, 7)]]);

        Assert.Equal(1.2, slope, 12);
    }

    [Fact]
    public void WithinGroupDispersion_TwoCampaignsOfDifferentScale_TakesOutEachCampaignsMean()
    {
        AdTotals[] small = [new(1000, 10, 1, 1), new(1000 * Math.E, 10 * Math.E, Math.E, Math.E)];
        AdTotals[] large = [new(100_000, 1000, 100, 100), new(100_000 * Math.E, 1000 * Math.E, 100 * Math.E, 100 * Math.E)];

        var within = CalibrationStatistics.WithinGroupDispersion([small, large]);
        var across = CalibrationStatistics.Dispersion([.. small, .. large]);

        // Within each campaign log spend differs by 1: squares 0.5 + 0.5, df 2.
        Assert.Equal(4, within.Ads);
        Assert.Equal(4, within.SpendLogSd.Count);
        Assert.Equal(Math.Sqrt(0.5), within.SpendLogSd.Value, 12);
        Assert.Equal(0.0, within.CpmLogSd.Value, 12);
        Assert.Equal(1.0, within.Elasticity.Value, 12);
        Assert.True(across.SpendLogSd.Value > 2);
    }

    [Fact]
    public void InterestConversionSpread_SmallInterests_AreLeftOut()
    {
        AdTotals[] store =
        [
            new(10_000, 100, 50, 2),
            new(10_000, 100, 50, 2 * Math.E),
            new(10_000, 50, 50, 40),
            new(10_000, 100, 50, 0),
        ];

        var spread = CalibrationStatistics.InterestConversionSpread([store], minClicks: 50);

        // Only the first two qualify: log CVRs differ by exactly 1.
        Assert.Equal(2, spread.Count);
        Assert.Equal(Math.Sqrt(0.5), spread.Value, 12);
    }

    [Fact]
    public void InterestConversionSpread_TwoStores_ComparesInterestsOnlyWithinAStore()
    {
        AdTotals[] low = [new(10_000, 100, 50, 1), new(10_000, 100, 50, Math.E)];
        AdTotals[] high = [new(10_000, 100, 50, 10), new(10_000, 100, 50, 10 * Math.E)];

        var spread = CalibrationStatistics.InterestConversionSpread([low, high], minClicks: 50);

        Assert.Equal(4, spread.Count);
        Assert.Equal(Math.Sqrt(0.5), spread.Value, 12);
    }

    [Fact]
    public void Pool_RepeatedKeys_SumsTheirTotals()
    {
        var pooled = CalibrationStatistics.Pool([("a", new AdTotals(1, 2, 3, 4)), ("b", new AdTotals(1, 1, 1, 1)), ("a", new AdTotals(10, 20, 30, 40))]);

        Assert.Equal(new AdTotals(11, 22, 33, 44), pooled["a"]);
        Assert.Equal(new AdTotals(1, 1, 1, 1), pooled["b"]);
    }
}

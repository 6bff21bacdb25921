using AdPilot.Core.Domain;
using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class DataMeasuresTests
{
    [Fact]
    public void Compute_HandMadeData_PoolsBandsAndMapsThemOntoTheSimulatorsBands()
    {
        var data = DataMeasures.Compute(CalibrationTestData.SmallKag(), CalibrationTestData.SmallRobyn());

        Assert.Equal(4, data.Ads);
        Assert.Equal(["30-34", "35-39", "40-44", "45-49"], data.Bands.Select(b => b.Band));
        Assert.Equal(new AdTotals(3000, 30, 9, 3), data.Bands[2].Totals);
        Assert.Equal(0.0, data.Bands[2].ApprovedCvr);

        // 35-44 pools 35-39 and 40-44: CPM 12 × 1000 / 4000 = 3 against 2 for 30-34; approved CVR 1/40 against 1/10.
        var young = data.ByAge[AgeGroup.Age25To34];
        var middle = data.ByAge[AgeGroup.Age35To44];
        Assert.Equal(1.5, middle.Cpm / young.Cpm, 12);
        Assert.Equal(0.25, middle.Cvr / young.Cvr, 12);
        Assert.False(data.ByAge.ContainsKey(AgeGroup.Age55Plus));
    }

    [Fact]
    public void Compute_HandMadeRobyn_MeasuresCompetitorAndFacebookChanges()
    {
        var data = DataMeasures.Compute(CalibrationTestData.SmallKag(), CalibrationTestData.SmallRobyn());

        // Competitor sales 100, 100e, 100, 100: changes +1, −1, 0; mean 0; squares 2; n − 1 = 2.
        Assert.Equal(4, data.RobynWeeks);
        Assert.Equal(3, data.CompetitorWeeklyLogSd.Count);
        Assert.Equal(1.0, data.CompetitorWeeklyLogSd.Value, 12);

        // Facebook CPM 1, 1, (no spend), 4: one change between consecutive weeks with spend, so no standard deviation.
        Assert.Equal(3, data.FacebookCpmLogSd.Count);
        Assert.Equal(1, data.FacebookCpmWeeklyLogSd.Count);
        Assert.True(double.IsNaN(data.FacebookCpmWeeklyLogSd.Value));
        Assert.Equal(1.0, data.FacebookCpmMedian, 12);
    }
}

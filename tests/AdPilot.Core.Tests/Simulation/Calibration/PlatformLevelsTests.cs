using AdPilot.Core.Domain;
using AdPilot.Core.Simulation.Calibration;
using AdPilot.Core.Tests.TestData;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class PlatformLevelsTests
{
    [Fact]
    public void FirstDollarRoasOf_AnAdSet_IsOrderValueTimesClickAndPurchaseRatesPerCpm()
    {
        var adSet = ScenarioBuilder.Valid().AdSets[0] with
        {
            AverageOrderValue = 80,
            Cvr = 0.03,
            BaseCpm = 12,
            CreativeType = CreativeType.Ugc,
            CtrByCreative = new Dictionary<CreativeType, double>
            {
                [CreativeType.Ugc] = 0.01, [CreativeType.Lifestyle] = 0.5, [CreativeType.Product] = 0.5, [CreativeType.Discount] = 0.5,
            },
        };

        // 1,000 impressions cost 12 and bring 10 clicks, 0.3 purchases, 24 of revenue: 2 per unit of spend.
        Assert.Equal(2.0, PlatformLevels.FirstDollarRoasOf(adSet), 12);
    }

    [Fact]
    public void Of_APlatform_UsesOnlyItsAdSets()
    {
        var sample = SimulatorSample.Run(new SimulatorSampleOptions { Scenarios = 5, Days = 7, CompetitionWeeks = 2 }, TestContext.Current.CancellationToken);

        var instagram = PlatformLevels.Of(Platform.Instagram, sample.AdSets);

        var expected = sample.AdSets.Where(a => a.Parameters.Platform == Platform.Instagram).Select(a => (double)a.Parameters.DailyBudget).ToList();
        Assert.Equal(expected.Count, instagram.AdSets);
        Assert.Equal(CalibrationStatistics.Percentile(expected, 0.5), instagram.DailyBudget.Median);
    }
}

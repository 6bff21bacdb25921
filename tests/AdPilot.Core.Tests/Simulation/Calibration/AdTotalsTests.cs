using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class AdTotalsTests
{
    [Fact]
    public void Rates_OneAd_AreTheUsualFunnelRatios()
    {
        var ad = new AdTotals(Impressions: 20_000, Clicks: 200, Spend: 240, Conversions: 6);

        Assert.Equal(12.0, ad.Cpm, 12);
        Assert.Equal(0.01, ad.Ctr, 12);
        Assert.Equal(1.2, ad.Cpc, 12);
        Assert.Equal(0.03, ad.Cvr, 12);
    }

    [Fact]
    public void Rates_NoImpressionsOrClicks_AreNaN()
    {
        var ad = new AdTotals(0, 0, 0, 1);

        Assert.True(double.IsNaN(ad.Cpm));
        Assert.True(double.IsNaN(ad.Ctr));
        Assert.True(double.IsNaN(ad.Cpc));
        Assert.True(double.IsNaN(ad.Cvr));
    }

    [Fact]
    public void Add_TwoAds_PoolsEveryField()
    {
        Assert.Equal(new AdTotals(11, 22, 33, 44), AdTotals.Add(new AdTotals(1, 2, 3, 4), new AdTotals(10, 20, 30, 40)));
    }
}

using AdPilot.Core.Domain;
using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class SimulatorMeasuresTests
{
    [Fact]
    public void Compute_SmallSample_CountsEveryAdSetOnce()
    {
        var sample = SimulatorSample.Run(new SimulatorSampleOptions { Scenarios = 6, Days = 14, CompetitionWeeks = 3 }, TestContext.Current.CancellationToken);

        var measures = SimulatorMeasures.Compute(sample);

        Assert.Equal(6, measures.Scenarios);
        Assert.Equal(48, measures.AdSets);
        Assert.Equal(48, measures.AdSetsByAge.Values.Sum());
        Assert.Equal(48, measures.Levels.Sum(l => l.AdSets));
        Assert.Equal(measures.Dispersion.Ads, measures.InstagramDispersion.Ads + measures.TikTokDispersion.Ads);
        Assert.Equal(measures.InstagramDispersion.Ads, measures.InstagramWithinScenario.Ads);
        Assert.Equal(sample.AdSets.Sum(a => a.Totals.Clicks), measures.ByAge.Values.Sum(t => t.Clicks));

        // Two weeks per ad set give one CPM change each; three weeks per scenario and platform give two competition changes.
        Assert.Equal(48, measures.CpmWeeklyLogSd.Count);
        Assert.Equal(6 * 2 * 2, measures.CompetitorWeeklyLogSd.Count);
    }

    [Fact]
    public void Compute_SmallSample_LevelsFollowTheFamilysPlatformDefaults()
    {
        var sample = SimulatorSample.Run(new SimulatorSampleOptions { Scenarios = 20, Days = 7, CompetitionWeeks = 2 }, TestContext.Current.CancellationToken);

        var levels = SimulatorMeasures.Compute(sample).Levels.ToDictionary(l => l.Platform);

        // Instagram's base CPM is drawn around 11 and TikTok's around 7, before the age band's factor.
        Assert.InRange(levels[Platform.Instagram].BaseCpm.Median, 8, 16);
        Assert.InRange(levels[Platform.TikTok].BaseCpm.Median, 5, 10);
        Assert.All(levels.Values, l => Assert.True(l.BaseCpm.P10 <= l.BaseCpm.Median && l.BaseCpm.Median <= l.BaseCpm.P90));
    }
}

using AdPilot.Core.Domain;
using AdPilot.Core.Simulation;
using AdPilot.Core.Simulation.Calibration;
using AdPilot.Core.Tests.TestData;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class SimulatorSampleTests
{
    private static readonly SimulatorSampleOptions Small = new() { Scenarios = 3, AdSetsPerScenario = 2, Days = 15, CompetitionWeeks = 2 };

    [Fact]
    public void Run_SmallSample_HasEveryAdSetAndItsFullWeeks()
    {
        var sample = SimulatorSample.Run(Small, TestContext.Current.CancellationToken);

        Assert.Equal([1000UL, 1001UL, 1002UL], sample.Scenarios.Select(s => s.Seed));
        Assert.Equal(6, sample.AdSets.Count);
        Assert.Equal([0, 0, 1, 1, 2, 2], sample.AdSets.Select(a => a.Scenario));
        Assert.All(sample.AdSets, a => Assert.Equal(2, a.Weeks.Count));
        Assert.All(sample.AdSets, a => Assert.True(a.Totals.Spend >= a.Weeks.Sum(w => w.Spend)));
        Assert.Equal(6, sample.Competition.Count);
        Assert.All(sample.Competition, c => Assert.Equal(2, c.WeeklyMeans.Count));
    }

    [Fact]
    public void Run_TwiceWithTheSameOptions_GivesTheSameTotals()
    {
        var first = SimulatorSample.Run(Small, TestContext.Current.CancellationToken);
        var second = SimulatorSample.Run(Small, TestContext.Current.CancellationToken);

        Assert.Equal(first.AdSets.Select(a => a.Totals), second.AdSets.Select(a => a.Totals));
        Assert.Equal(first.Competition.SelectMany(c => c.WeeklyMeans), second.Competition.SelectMany(c => c.WeeklyMeans));
    }

    [Fact]
    public void Run_FixedBudgets_SpendNearTheBudgetTimesTheDays()
    {
        var sample = SimulatorSample.Run(Small with { Days = 7 }, TestContext.Current.CancellationToken);

        // Pacing noise and daily demand move spend around the budget; bid caps can only lower it.
        Assert.All(
            sample.AdSets,
            a => Assert.InRange(a.Totals.Spend, 0, (double)a.Parameters.DailyBudget * 7 * (1 + 0.25)));
        Assert.True(sample.AdSets.Count(a => a.Totals.Spend > (double)a.Parameters.DailyBudget * 7 * 0.7) >= 4);
    }

    [Fact]
    public void ReadCompetition_NoPressure_ReadsAFactorOfOne()
    {
        var scenario = Quiet(weeklyAmplitude: 0);

        var series = SimulatorSample.ReadCompetition(0, scenario, 2, TestContext.Current.CancellationToken);

        Assert.Equal([Platform.TikTok, Platform.Instagram], series.Select(s => s.Platform));
        Assert.All(series.SelectMany(s => s.WeeklyMeans), m => Assert.Equal(1.0, m, 0.002));
    }

    [Fact]
    public void ReadCompetition_WeeklyCycleOnly_ReadsTheMeanOfItsExponential()
    {
        // The mean of exp(a · cos θ) over a full cycle is the modified Bessel function I0(a); I0(0.5) = 1.0634834.
        var scenario = Quiet(weeklyAmplitude: 0.5);

        var series = SimulatorSample.ReadCompetition(0, scenario, 2, TestContext.Current.CancellationToken);

        Assert.All(series.SelectMany(s => s.WeeklyMeans), m => Assert.Equal(1.0634834, m, 0.002));
    }

    private static Scenario Quiet(double weeklyAmplitude) => ScenarioBuilder.Valid()
        .WithMarket(m => m with { Competition = m.Competition with { WeeklyAmplitude = weeklyAmplitude, Volatility = 0, JumpProbability = 0 } })
        with
        {
            Store = ScenarioBuilder.Valid().Store with { TimeZone = "UTC" },
        };
}

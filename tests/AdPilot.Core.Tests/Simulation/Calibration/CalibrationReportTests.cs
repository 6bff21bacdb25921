using AdPilot.Core.Domain;
using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

public sealed class CalibrationReportTests(RealDataFixture real) : IClassFixture<RealDataFixture>
{
    private static readonly SimulatorSampleOptions Small = new() { Scenarios = 4, Days = 7, CompetitionWeeks = 2 };

    [Fact]
    public void ToMarkdown_SmallInputs_IsTheSameBytesEachBuild()
    {
        var first = CalibrationReport.Build(CalibrationTestData.SmallInputs(Small), TestContext.Current.CancellationToken).ToMarkdown();
        var second = CalibrationReport.Build(CalibrationTestData.SmallInputs(Small), TestContext.Current.CancellationToken).ToMarkdown();

        Assert.Equal(first, second);
        Assert.StartsWith("# Simulator calibration report\n\n", first, StringComparison.Ordinal);
        Assert.EndsWith("\n", first, StringComparison.Ordinal);
        Assert.DoesNotContain("\r", first, StringComparison.Ordinal);
        Assert.DoesNotContain("\n\n\n", first, StringComparison.Ordinal);
    }

    [Fact]
    public void ToMarkdown_SmallInputs_HasEverySectionAndCitesTheFiles()
    {
        var inputs = CalibrationTestData.SmallInputs(Small);

        var markdown = CalibrationReport.Build(inputs, TestContext.Current.CancellationToken).ToMarkdown();

        foreach (var heading in new[]
        {
            "## Sources", "## What is calibrated to the data, and what is not", "## Relative structure by age band",
            "## Dispersion and response across ads", "## Competitor pressure", "## The data by age band (KAG, five-year bands)",
            "## The simulator by age band", "## The family in absolute terms", "## Where the simulator and the data disagree",
        })
        {
            Assert.Contains("\n" + heading + "\n", markdown, StringComparison.Ordinal);
        }

        Assert.Contains(inputs.KagFile.GitBlobId, markdown, StringComparison.Ordinal);
        Assert.Contains(inputs.RobynFile.GitBlobId, markdown, StringComparison.Ordinal);
        Assert.Contains("| statistic | data | simulator | ratio / difference | note |", markdown, StringComparison.Ordinal);
        Assert.Contains("4 scenarios × 8 ad sets", markdown, StringComparison.Ordinal);
    }

    [Fact]
    public void CreateChecks_EveryCheck_HasAToleranceAndADriver()
    {
        var report = CalibrationReport.Build(CalibrationTestData.SmallInputs(Small), TestContext.Current.CancellationToken);

        Assert.Equal(13, report.Checks.Count);
        Assert.All(report.Checks, c => Assert.True(c.Tolerance > 0 && c.Driver.Length > 0));
        Assert.Equal(report.Checks.Count, report.Checks.Select(c => c.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void RealData_KagByAge_MatchesTheKnownFigures()
    {
        var bands = real.Report.Data.Bands.ToDictionary(b => b.Band, StringComparer.Ordinal);

        AssertBand(bands["30-34"], cpm: 0.224, ctr: 0.00014, cpc: 1.608, approvedCvr: 0.0521);
        AssertBand(bands["35-39"], cpm: 0.264, ctr: 0.00017, cpc: 1.566, approvedCvr: 0.0292);
        AssertBand(bands["40-44"], cpm: 0.293, ctr: 0.00020, cpc: 1.498, approvedCvr: 0.0220);
        AssertBand(bands["45-49"], cpm: 0.326, ctr: 0.00022, cpc: 1.498, approvedCvr: 0.0150);
        Assert.Equal(1143, real.Report.Data.Ads);
    }

    [Fact]
    public void RealData_Dispersion_MatchesTheKnownFigures()
    {
        var data = real.Report.Data;

        Assert.Equal(0.43, data.Dispersion.CpmLogSd.Value, 0.005);
        Assert.Equal(0.46, data.Dispersion.CtrLogSd.Value, 0.005);
        Assert.Equal(1.71, data.Dispersion.SpendLogSd.Value, 0.005);
        Assert.Equal(936, data.Dispersion.CpmLogSd.Count);
        Assert.Equal(0.35, data.Dispersion.Elasticity.Value, 0.005);

        // 0.328 with n − 1 over the 40 interests with more than 50 clicks (0.324 with n, the "0.32" usually quoted).
        Assert.Equal(40, data.InterestCvrLogSd.Count);
        Assert.Equal(0.328, data.InterestCvrLogSd.Value, 0.0005);
    }

    [Fact]
    public void RealData_Robyn_MatchesTheKnownFigures()
    {
        var data = real.Report.Data;

        Assert.Equal(208, data.RobynWeeks);
        Assert.Equal(0.12, data.CompetitorWeeklyLogSd.Value, 0.005);
        Assert.Equal(207, data.CompetitorWeeklyLogSd.Count);
    }

    [Fact]
    public void RealData_Sources_CarryTheBlobIdsOfSourcesMd()
    {
        Assert.Equal("e41d9c2147c419033e753ba4b8271f0976cc45e1", real.Report.Inputs.KagFile.GitBlobId);
        Assert.Equal("494d4d3fda7281bfe5fa2b041b0f5f392fc190ee", real.Report.Inputs.RobynFile.GitBlobId);
    }

    [Theory]
    [InlineData(AgeGroup.Age35To44)]
    [InlineData(AgeGroup.Age45To54)]
    public void RealData_SimulatorAgeRatios_WithinFifteenPercentOfTheData(AgeGroup age)
    {
        var data = real.Report.Data.ByAge;
        var simulator = real.Report.Simulator.ByAge;

        AssertRatioNear("CPM", Ratio(data, age, t => t.Cpm), Ratio(simulator, age, t => t.Cpm), 0.15);
        AssertRatioNear("CTR", Ratio(data, age, t => t.Ctr), Ratio(simulator, age, t => t.Ctr), 0.15);
        AssertRatioNear("CPC", Ratio(data, age, t => t.Cpc), Ratio(simulator, age, t => t.Cpc), 0.15);

        // The family deliberately shrinks the data's conversion-rate fall halfway on the log scale.
        AssertRatioNear("CVR (shrunk)", Math.Sqrt(Ratio(data, age, t => t.Cvr)), Ratio(simulator, age, t => t.Cvr), 0.15);
    }

    [Fact]
    public void RealData_SimulatorCpmLogSd_WithinAQuarterOfTheData()
    {
        AssertNear("CPM log-sd", real.Report.Data.Dispersion.CpmLogSd.Value, real.Report.Simulator.InstagramDispersion.CpmLogSd.Value, 0.25);
    }

    [Fact]
    public void RealData_SimulatorCtrLogSd_WithinAQuarterOfTheData()
    {
        AssertNear("CTR log-sd", real.Report.Data.Dispersion.CtrLogSd.Value, real.Report.Simulator.InstagramDispersion.CtrLogSd.Value, 0.25);
    }

    [Fact]
    public void RealData_SimulatorSpendLogSdWithinAStore_WithinAQuarterOfTheDataWithinACampaign()
    {
        AssertNear(
            "spend log-sd within a campaign / a store",
            real.Report.Data.WithinCampaign.SpendLogSd.Value,
            real.Report.Simulator.InstagramWithinScenario.SpendLogSd.Value,
            0.25);
    }

    [Fact]
    public void RealData_SimulatorInterestCvrLogSd_WithinAQuarterOfTheData()
    {
        AssertNear("interest CVR log-sd", real.Report.Data.InterestCvrLogSd.Value, real.Report.Simulator.InterestCvrLogSd.Value, 0.25);
    }

    [Fact]
    public void RealData_Elasticity_ReportedAsNotHeldWithTheReason()
    {
        var markdown = real.Report.ToMarkdown();

        Assert.Contains("| elasticity of conversions to spend across ads | 0.35 |", markdown, StringComparison.Ordinal);
        Assert.Contains("not held: KAG's counts floor at one conversion", markdown, StringComparison.Ordinal);
        Assert.DoesNotContain(real.Report.Checks, c => c.Name.StartsWith("elasticity", StringComparison.Ordinal));
    }

    [Fact]
    public void RealData_SimulatorCompetitorWeeklyChange_WithinPointZeroFourOfRobyn()
    {
        AssertNear("competitor week-over-week log-sd", real.Report.Data.CompetitorWeeklyLogSd.Value, real.Report.Simulator.CompetitorWeeklyLogSd.Value, 0.04);
    }

    [Fact]
    public void Tolerances_OfTheReport_AreThoseTheseTestsHoldTheSimulatorTo()
    {
        Assert.Equal(0.15, CalibrationReport.AgeRatioTolerance);
        Assert.Equal(0.25, CalibrationReport.LogSdTolerance);
        Assert.Equal(0.04, CalibrationReport.CompetitorTolerance);
    }

    private static void AssertBand(KagBand band, double cpm, double ctr, double cpc, double approvedCvr)
    {
        Assert.Equal(cpm, band.Totals.Cpm, 0.0005);
        Assert.Equal(ctr, band.Totals.Ctr, 0.000005);
        Assert.Equal(cpc, band.Totals.Cpc, 0.0005);
        Assert.Equal(approvedCvr, band.ApprovedCvr, 0.00005);
    }

    private static double Ratio(IReadOnlyDictionary<AgeGroup, AdTotals> byAge, AgeGroup age, Func<AdTotals, double> rate) =>
        rate(byAge[age]) / rate(byAge[AgeGroup.Age25To34]);

    private static void AssertRatioNear(string what, double data, double simulator, double fraction) =>
        Assert.True(
            Math.Abs((simulator / data) - 1) <= fraction,
            $"{what}: simulator {simulator:F3} is ×{simulator / data:F2} the data's {data:F3}, outside ±{fraction:P0}");

    private static void AssertNear(string what, double data, double simulator, double tolerance) =>
        Assert.True(
            Math.Abs(simulator - data) <= tolerance,
            $"{what}: simulator {simulator:F3} differs from the data's {data:F3} by {simulator - data:+0.000;-0.000}, outside ±{tolerance}");
}

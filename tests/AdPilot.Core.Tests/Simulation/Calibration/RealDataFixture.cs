using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

/// <summary>
/// The calibration report on the real data in <c>shared/data</c>, built once for all the tests that need it. Without
/// the data the tests skip on a laptop and fail when <c>CI</c> is set, so a build server cannot pass by skipping them.
/// </summary>
public sealed class RealDataFixture
{
    private readonly Lazy<CalibrationReport?> _report = new(Build);

    /// <summary>Gets the report, or skips (locally) or fails (in CI) the calling test when the data is missing.</summary>
    public CalibrationReport Report
    {
        get
        {
            if (_report.Value is { } report)
            {
                return report;
            }

            const string message = "the real data (shared/data/KAG_conversion_data.csv next to the checkout) was not found";
            if (string.IsNullOrEmpty(Environment.GetEnvironmentVariable("CI")))
            {
                Assert.Skip(message);
            }

            Assert.Fail(message + ", and CI is set");
            return null!;
        }
    }

    private static CalibrationReport? Build()
    {
        if (CalibrationTestData.FindRealDataFolder() is not { } folder)
        {
            return null;
        }

        var kag = File.ReadAllBytes(Path.Combine(folder, KagDataset.FileName));
        var robyn = File.ReadAllBytes(Path.Combine(folder, RobynDataset.FileName));
        var inputs = new CalibrationInputs(
            KagDataset.Parse(System.Text.Encoding.UTF8.GetString(kag)),
            DataFile.FromBytes(KagDataset.FileName, kag),
            RobynDataset.Parse(System.Text.Encoding.UTF8.GetString(robyn)),
            DataFile.FromBytes(RobynDataset.FileName, robyn),
            new SimulatorSampleOptions());
        return CalibrationReport.Build(inputs);
    }
}

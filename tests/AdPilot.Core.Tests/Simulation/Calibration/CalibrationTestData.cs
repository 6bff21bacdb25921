using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Core.Tests.Simulation.Calibration;

/// <summary>Small hand-made data files for the calibration tests, and the real ones when the checkout has them.</summary>
public static class CalibrationTestData
{
    public const string SmallKagText =
        "ad_id,xyz_campaign_id,fb_campaign_id,age,gender,interest,Impressions,Clicks,Spent,Total_Conversion,Approved_Conversion\r"
        + "1,916,100,30-34,M,10,1000,10,2,2,1\r"
        + "2,916,101,35-39,F,10,1000,10,3,1,1\r"
        + "3,936,102,40-44,M,16,3000,30,9,3,0\r"
        + "4,936,103,45-49,F,16,2000,40,8,2,1";

    public const string SmallRobynText =
        "\"DATE\",\"revenue\",\"facebook_S\",\"facebook_I\",\"competitor_sales_B\",\"events\"\n"
        + "2019-01-07,1000,10,10000,100,\"na\"\n"
        + "2019-01-14,1000,20,20000,271.828182845904523536,\"na\"\n"
        + "2019-01-21,1000,0,0,100,\"na\"\n"
        + "2019-01-28,1000,40,10000,100,\"na\"\n";

    public static KagDataset SmallKag() => KagDataset.Parse(SmallKagText);

    public static RobynDataset SmallRobyn() => RobynDataset.Parse(SmallRobynText);

    public static CalibrationInputs SmallInputs(SimulatorSampleOptions simulator) => new(
        SmallKag(),
        DataFile.FromBytes(KagDataset.FileName, System.Text.Encoding.UTF8.GetBytes(SmallKagText)),
        SmallRobyn(),
        DataFile.FromBytes(RobynDataset.FileName, System.Text.Encoding.UTF8.GetBytes(SmallRobynText)),
        simulator);

    /// <summary>
    /// The folder holding the real data files: the first <c>shared/data</c> with <c>KAG_conversion_data.csv</c> found
    /// walking up from the test binaries (then, for builds with their own artifacts path, from this source file and the
    /// current directory). Null when the checkout has no data next to it.
    /// </summary>
    public static string? FindRealDataFolder([System.Runtime.CompilerServices.CallerFilePath] string sourceFile = "")
    {
        var starts = new[] { AppContext.BaseDirectory, Path.GetDirectoryName(sourceFile) ?? ".", Environment.CurrentDirectory };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                var candidate = Path.Combine(dir.FullName, "shared", "data");
                if (File.Exists(Path.Combine(candidate, KagDataset.FileName)))
                {
                    return candidate;
                }
            }
        }

        return null;
    }
}

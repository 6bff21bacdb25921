using System.CommandLine;
using System.Text;
using AdPilot.Core.Simulation.Calibration;

namespace AdPilot.Cli.Commands;

/// <summary>
/// <c>adpilot calibrate</c>: measures the real data in <c>shared/data</c> and the default scenario family the same way
/// and writes the calibration report (markdown).
/// </summary>
internal static class CalibrateCommand
{
    private static readonly string[] DataCandidates = ["shared/data", "../shared/data", "../../shared/data"];

    public static Command Create(CliConsole console)
    {
        var defaults = new SimulatorSampleOptions();
        var data = new Option<DirectoryInfo?>("--data")
        {
            Description = $"Folder holding {KagDataset.FileName} and {RobynDataset.FileName} "
                + $"(default: the first of {string.Join(", ", DataCandidates)} that holds {KagDataset.FileName}).",
            HelpName = "DIR",
        };
        var output = new Option<FileInfo>("--out")
        {
            Description = "Where to write the report (markdown).",
            HelpName = "FILE",
            DefaultValueFactory = _ => new FileInfo(Path.Combine("docs", "calibration.md")),
        };
        var scenarios = new Option<int>("--scenarios")
        {
            Description = "Scenarios to draw from the default family.",
            HelpName = "N",
            DefaultValueFactory = _ => defaults.Scenarios,
        }.InRange(1, 100_000);
        var days = new Option<int>("--days")
        {
            Description = "Days each scenario runs with fixed budgets.",
            HelpName = "N",
            DefaultValueFactory = _ => defaults.Days,
        }.InRange(1, 3650);

        var command = new Command("calibrate", "Write the calibration report: the simulator's distributions beside the real data's.")
        {
            data, output, scenarios, days,
        };
        command.SetAction(async (parsed, cancellationToken) =>
        {
            var folder = ResolveDataFolder(parsed.GetValue(data));
            var kagFile = await ReadAsync(folder, KagDataset.FileName, cancellationToken).ConfigureAwait(false);
            var robynFile = await ReadAsync(folder, RobynDataset.FileName, cancellationToken).ConfigureAwait(false);
            CalibrationInputs inputs;
            try
            {
                inputs = new CalibrationInputs(
                    KagDataset.Parse(Decode(kagFile.Bytes)),
                    kagFile.File,
                    RobynDataset.Parse(Decode(robynFile.Bytes)),
                    robynFile.File,
                    defaults with { Scenarios = parsed.GetValue(scenarios), Days = parsed.GetValue(days) });
            }
            catch (DataFormatException ex)
            {
                throw new UsageException($"{folder}{Path.DirectorySeparatorChar}{ex.Message}");
            }

            var report = CalibrationReport.Build(inputs, cancellationToken);
            var target = parsed.GetValue(output)!;
            target.Directory?.Create();
            var temporary = target.FullName + ".tmp";
            await File.WriteAllTextAsync(temporary, report.ToMarkdown(), new UTF8Encoding(false), cancellationToken).ConfigureAwait(false);
            File.Move(temporary, target.FullName, overwrite: true);
            await console.Out.WriteLineAsync(target.FullName).ConfigureAwait(false);
            return CliApp.Ok;
        });
        return command;
    }

    private static string ResolveDataFolder(DirectoryInfo? given)
    {
        if (given is not null)
        {
            if (!given.Exists)
            {
                throw new UsageException($"data folder not found: {given.FullName}");
            }

            return given.FullName;
        }

        foreach (var candidate in DataCandidates)
        {
            var full = Path.GetFullPath(candidate);
            if (File.Exists(Path.Combine(full, KagDataset.FileName)))
            {
                return full;
            }
        }

        var tried = DataCandidates.Select(c => Path.Combine(Path.GetFullPath(c), KagDataset.FileName)).Distinct(StringComparer.Ordinal);
        throw new UsageException($"no data folder found (tried {string.Join(", ", tried)}); pass --data DIR");
    }

    private static async Task<(byte[] Bytes, DataFile File)> ReadAsync(string folder, string name, CancellationToken cancellationToken)
    {
        var path = Path.Combine(folder, name);
        if (!File.Exists(path))
        {
            throw new UsageException($"data file not found: {path}");
        }

        var bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        return (bytes, DataFile.FromBytes(name, bytes));
    }

    private static string Decode(byte[] bytes) => new UTF8Encoding(false, throwOnInvalidBytes: false).GetString(bytes);
}

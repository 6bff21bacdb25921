using System.CommandLine;

namespace AdPilot.Cli.Commands;

/// <summary><c>adpilot calibrate</c>: placeholder wired once the report exists.</summary>
internal static class CalibrateCommand
{
    public static Command Create(CliConsole console) => new("calibrate", "Write the calibration report.");
}

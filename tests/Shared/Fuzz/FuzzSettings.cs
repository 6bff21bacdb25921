using System.Globalization;

namespace AdPilot.Tests.Fuzz;

/// <summary>
/// How big a fuzz run is: <c>ADPILOT_FUZZ_INPUTS</c> inputs per parser (default <see cref="DefaultInputs"/>, kept small so
/// CI stays quick), from seed <c>ADPILOT_FUZZ_SEED</c> (default <see cref="DefaultSeed"/>). With
/// <c>ADPILOT_FUZZ_REPORT</c> set to a file, each parser's counts are appended to it as a tab-separated line.
/// </summary>
public static class FuzzSettings
{
    public const int DefaultInputs = 200;

    public const ulong DefaultSeed = 20261124;

    /// <summary>A generous per-input liveness guard: a hang detector, not a speed assertion.</summary>
    public static readonly TimeSpan HangAfter = TimeSpan.FromSeconds(10);

    public static int Inputs => Read("ADPILOT_FUZZ_INPUTS", DefaultInputs);

    public static ulong Seed =>
        Environment.GetEnvironmentVariable("ADPILOT_FUZZ_SEED") is { Length: > 0 } text
            ? ulong.Parse(text, CultureInfo.InvariantCulture)
            : DefaultSeed;

    public static string? ReportFile => Environment.GetEnvironmentVariable("ADPILOT_FUZZ_REPORT") is { Length: > 0 } path ? path : null;

    /// <summary>With <c>ADPILOT_FUZZ_TRACE</c> set to a folder, each parser writes every input's outcome and recipe to a file there.</summary>
    public static string? TraceFolder => Environment.GetEnvironmentVariable("ADPILOT_FUZZ_TRACE") is { Length: > 0 } path ? path : null;

    /// <summary>The number of inputs for a parser whose one input costs about <paramref name="weight"/> ordinary ones (an HTTP round trip, a database).</summary>
    public static int InputsFor(int weight = 1) => Math.Max(20, Inputs / Math.Max(1, weight));

    private static int Read(string name, int fallback) =>
        Environment.GetEnvironmentVariable(name) is { Length: > 0 } text
            ? int.Parse(text, NumberStyles.None, CultureInfo.InvariantCulture)
            : fallback;
}

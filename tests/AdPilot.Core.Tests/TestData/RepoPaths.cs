using System.Runtime.CompilerServices;

namespace AdPilot.Core.Tests.TestData;

/// <summary>Finds files of the repository (committed scenarios, schemas) from a test run.</summary>
public static class RepoPaths
{
    private const string SolutionFile = "AdPilot.slnx";

    private static readonly Lazy<string> LazyRoot = new(FindRoot);

    /// <summary>Gets the repository root: the folder that holds AdPilot.slnx.</summary>
    public static string Root => LazyRoot.Value;

    /// <summary>A path under the repository root.</summary>
    /// <param name="parts">Path segments relative to the root, e.g. "schemas", "scenario.schema.json".</param>
    /// <returns>The full path.</returns>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        // The build output usually sits under the repository (artifacts/), but a build with its own
        // ArtifactsPath (e.g. /tmp/...) does not; then the compile-time path of this file still leads home.
        var starts = new[] { AppContext.BaseDirectory, SourceDirectory(), Environment.CurrentDirectory };
        foreach (var start in starts)
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, SolutionFile)))
                {
                    return dir.FullName;
                }
            }
        }

        throw new InvalidOperationException(
            $"cannot find {SolutionFile} above {string.Join(" or ", starts)}; run the tests from a checkout of the repository");
    }

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";
}

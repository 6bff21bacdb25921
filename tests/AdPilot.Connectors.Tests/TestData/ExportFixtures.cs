using System.Runtime.CompilerServices;
using AdPilot.Connectors.Exports;

namespace AdPilot.Connectors.Tests.TestData;

/// <summary>The hand-made export files under TestData/Exports, read from the source tree (they are not copied to the build output).</summary>
public static class ExportFixtures
{
    public const string Meta = "meta_adsets_hourly.csv";
    public const string TikTok = "tiktok_adgroups_hourly.csv";
    public const string Shopify = "shopify_orders.csv";

    public static string Folder { get; } = Path.Combine(SourceDirectory(), "Exports");

    public static string PathOf(string name) => Path.Combine(Folder, name);

    public static CsvDocument Document(string name) => CsvDocument.Parse(PathOf(name), File.ReadAllBytes(PathOf(name)));

    /// <summary>A document from text, named like a file for messages.</summary>
    public static CsvDocument Text(string text, string name = "export.csv") => CsvDocument.Parse(name, text);

    private static string SourceDirectory([CallerFilePath] string path = "") => Path.GetDirectoryName(path) ?? ".";
}

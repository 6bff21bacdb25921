using System.Text.Json.Nodes;

namespace AdPilot.Connectors.Tests.TestData;

/// <summary>
/// The real payloads and signature vectors under Fixtures/ (copied from shared/fixtures with their SOURCES.md),
/// copied next to the test assembly by the build.
/// </summary>
public static class FixtureFiles
{
    public static string PathOf(params string[] parts) => Path.Combine([AppContext.BaseDirectory, "Fixtures", .. parts]);

    public static byte[] Bytes(params string[] parts) => File.ReadAllBytes(PathOf(parts));

    public static JsonNode Json(params string[] parts) =>
        JsonNode.Parse(File.ReadAllText(PathOf(parts))) ?? throw new InvalidOperationException($"{PathOf(parts)} is null");

    /// <summary>The UTF-8 bytes of one property of a fixture (e.g. the order inside <c>{"order": {...}}</c>).</summary>
    public static byte[] Unwrapped(string property, params string[] parts) =>
        System.Text.Encoding.UTF8.GetBytes(Json(parts)[property]!.ToJsonString());
}

using System.Text.Json.Serialization;

namespace AdPilot.Sandbox.TikTok;

/// <summary>Source-generated JSON for TikTok's JSON-encoded query parameters.</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class TikTokJsonContext : JsonSerializerContext;

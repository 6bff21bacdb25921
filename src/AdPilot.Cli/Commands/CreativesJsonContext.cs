using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot creatives</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(CreativesReport))]
internal sealed partial class CreativesJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot ope</c> and <c>adpilot ope validate</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(OpeReport))]
[JsonSerializable(typeof(OpeValidationReport))]
internal sealed partial class OpeJsonContext : JsonSerializerContext;

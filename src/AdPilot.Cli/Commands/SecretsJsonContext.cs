using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot secrets</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SecretsReport))]
internal sealed partial class SecretsJsonContext : JsonSerializerContext;

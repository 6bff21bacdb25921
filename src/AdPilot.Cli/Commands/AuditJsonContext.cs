using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot audit --json</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(List<AuditRow>))]
internal sealed partial class AuditJsonContext : JsonSerializerContext;

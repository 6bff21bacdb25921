using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for the command line's reports.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(SimulateReport))]
[JsonSerializable(typeof(EvaluateReport))]
[JsonSerializable(typeof(SandboxEndpoints))]
[JsonSerializable(typeof(List<PendingApproval>))]
internal sealed partial class CliJsonContext : JsonSerializerContext;

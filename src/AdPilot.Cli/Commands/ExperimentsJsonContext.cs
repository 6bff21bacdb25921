using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot experiments</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ExperimentRow))]
[JsonSerializable(typeof(List<ExperimentRow>))]
internal sealed partial class ExperimentsJsonContext : JsonSerializerContext;

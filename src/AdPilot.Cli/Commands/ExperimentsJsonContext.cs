using System.Text.Json.Serialization;
using AdPilot.Storage.Experiments;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot experiments</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
[JsonSerializable(typeof(ExperimentListing))]
[JsonSerializable(typeof(List<ExperimentListing>))]
internal sealed partial class ExperimentsJsonContext : JsonSerializerContext;

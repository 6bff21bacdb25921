using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>
/// Source-generated JSON for <c>adpilot checkpoints</c> and <c>adpilot retrain</c>. An undefined or infinite figure (a
/// ROAS without spend) is written as the string <c>NaN</c> or <c>Infinity</c>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CheckpointListReport))]
[JsonSerializable(typeof(CheckpointChangeReport))]
[JsonSerializable(typeof(CheckpointAddReport))]
[JsonSerializable(typeof(RetrainReport))]
internal sealed partial class CheckpointsJsonContext : JsonSerializerContext;

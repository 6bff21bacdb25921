using System.Text.Json.Serialization;

namespace AdPilot.Runtime.Retraining;

/// <summary>
/// The retraining's JSON: the checkpoints' meta. Infinite or undefined figures (a ROAS without spend)
/// are written as the strings <c>Infinity</c> and <c>NaN</c> rather than refused.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals)]
[JsonSerializable(typeof(CheckpointMeta))]
internal sealed partial class RetrainingJsonContext : JsonSerializerContext;

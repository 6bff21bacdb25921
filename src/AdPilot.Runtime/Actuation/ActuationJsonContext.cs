using System.Text.Json.Serialization;

namespace AdPilot.Runtime.Actuation;

/// <summary>Source-generated JSON for what the actuator writes into the action log.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(ActionSettings))]
internal sealed partial class ActuationJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace AdPilot.Runtime.Creatives;

/// <summary>Source-generated JSON for what creative rotation writes into the action log.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(CreativeRotationRecord))]
internal sealed partial class CreativesJsonContext : JsonSerializerContext;

using System.Text.Json.Serialization;

namespace AdPilot.Core.Training;

/// <summary>Source-generated JSON for the training log.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.Never)]
[JsonSerializable(typeof(EpisodeMetrics))]
internal sealed partial class TrainingJsonContext : JsonSerializerContext;

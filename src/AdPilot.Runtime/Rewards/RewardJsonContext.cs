using System.Text.Json.Serialization;

namespace AdPilot.Runtime.Rewards;

/// <summary>Source-generated JSON for the rewards table's <c>details</c> column.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(RewardDetails))]
internal sealed partial class RewardJsonContext : JsonSerializerContext;

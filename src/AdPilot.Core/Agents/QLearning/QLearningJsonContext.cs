using System.Text.Json.Serialization;

namespace AdPilot.Core.Agents.QLearning;

/// <summary>Source-generated JSON for the options saved in a Q-learning checkpoint: camelCase, enums as strings, strict on read.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(QLearningOptions))]
internal sealed partial class QLearningJsonContext : JsonSerializerContext;

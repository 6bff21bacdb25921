using System.Text.Json.Serialization;

namespace AdPilot.Core.Agents.Dqn;

/// <summary>Source-generated JSON for the options saved in a DQN checkpoint: camelCase, enums as strings, strict on read.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    UseStringEnumConverter = true,
    RespectNullableAnnotations = true,
    RespectRequiredConstructorParameters = true,
    AllowTrailingCommas = false)]
[JsonSerializable(typeof(DqnAgentOptions))]
internal sealed partial class DqnAgentJsonContext : JsonSerializerContext;

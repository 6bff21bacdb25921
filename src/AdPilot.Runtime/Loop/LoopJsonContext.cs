using System.Text.Json.Serialization;
using AdPilot.Core.Domain;

namespace AdPilot.Runtime.Loop;

/// <summary>The loop's JSON: the state logged with each decision, and the cycle report.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, UseStringEnumConverter = true)]
[JsonSerializable(typeof(AdEnvironmentState))]
[JsonSerializable(typeof(CycleReport))]
[JsonSerializable(typeof(IReadOnlyList<CycleReport>))]
internal sealed partial class LoopJsonContext : JsonSerializerContext;

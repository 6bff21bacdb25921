using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot webhooks</c> and <c>adpilot doctor</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(WebhooksReport))]
[JsonSerializable(typeof(DoctorReport))]
[JsonSerializable(typeof(ConnectReport))]
internal sealed partial class OnboardingJsonContext : JsonSerializerContext;

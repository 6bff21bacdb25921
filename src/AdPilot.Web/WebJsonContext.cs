using System.Text.Json.Serialization;
using AdPilot.Web.Observability;

namespace AdPilot.Web;

/// <summary>Source-generated JSON for the web application's answers.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(HealthBody))]
internal sealed partial class WebJsonContext : JsonSerializerContext;

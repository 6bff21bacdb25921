using System.Text.Json.Serialization;

namespace AdPilot.Storage.Connections;

/// <summary>Source-generated JSON for the small lists stored as JSON (interests, guardrail reasons).</summary>
[JsonSerializable(typeof(IReadOnlyList<string>))]
internal sealed partial class StorageJsonContext : JsonSerializerContext;

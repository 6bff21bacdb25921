using System.Text.Json.Serialization;

namespace AdPilot.Core.Agents.Bandit;

/// <summary>The bandit's options in checkpoints, source-generated for AOT.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    WriteIndented = false)]
[JsonSerializable(typeof(BudgetBanditOptions))]
internal sealed partial class BanditJsonContext : JsonSerializerContext;

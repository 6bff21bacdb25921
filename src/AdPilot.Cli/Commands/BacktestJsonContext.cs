using System.Text.Json.Serialization;

namespace AdPilot.Cli.Commands;

/// <summary>Source-generated JSON for <c>adpilot backtest</c>'s report and proposals file.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(BacktestReport))]
[JsonSerializable(typeof(BacktestProposalLine))]
internal sealed partial class BacktestJsonContext : JsonSerializerContext;

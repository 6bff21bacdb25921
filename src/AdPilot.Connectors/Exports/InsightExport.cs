using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Exports;

/// <summary>An ad platform's hourly export, read.</summary>
/// <param name="File">The file.</param>
/// <param name="Format">Its format.</param>
/// <param name="Platform">The platform.</param>
/// <param name="Rows">One row per ad set and hour (ad-level rows already summed into their ad set).</param>
/// <param name="Currencies">The currencies its money is in (one for a Meta export; TikTok rows carry their own).</param>
/// <param name="Warnings">What was ignored or assumed, one sentence each.</param>
public sealed record InsightExport(
    string File,
    ExportFormat Format,
    Platform Platform,
    IReadOnlyList<ExportedAdSetHour> Rows,
    IReadOnlyList<string> Currencies,
    IReadOnlyList<string> Warnings);

using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Exports;

/// <summary>One ad set's figures over one hour as an export reports them, placed on the UTC calendar.</summary>
/// <param name="AdSet">The ad set (a Meta ad set or a TikTok ad group).</param>
/// <param name="Name">The ad set's name, when the export has it.</param>
/// <param name="CampaignId">The campaign's id, or its name when the export has no id; null when it has neither.</param>
/// <param name="HourUtc">The start of the hour, a whole UTC hour.</param>
/// <param name="LocalDay">The day as the export wrote it, in the ad account's time zone.</param>
/// <param name="LocalHour">The hour of that day, 0–23, as the export wrote it.</param>
/// <param name="Spend">Spend, in the export's currency.</param>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks (link clicks on Meta, destination clicks on TikTok).</param>
/// <param name="Purchases">Purchases the platform reports, or null when the export has no such column.</param>
/// <param name="PurchaseValue">Their value, or null when the export has no such column.</param>
/// <param name="DailyBudget">The ad set's daily budget, when the export carries it (Meta's "Ad set budget" of type daily).</param>
/// <param name="File">The file the row came from.</param>
/// <param name="Line">The line it came from.</param>
public sealed record ExportedAdSetHour(
    AdSetRef AdSet,
    string? Name,
    string? CampaignId,
    DateTimeOffset HourUtc,
    DateOnly LocalDay,
    int LocalHour,
    Money Spend,
    long Impressions,
    long Clicks,
    long? Purchases,
    Money? PurchaseValue,
    Money? DailyBudget,
    string File,
    int Line);

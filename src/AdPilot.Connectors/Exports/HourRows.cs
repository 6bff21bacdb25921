using System.Globalization;
using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Exports;

/// <summary>
/// Collects one export's rows into one row per ad set and UTC hour. A row repeated exactly (same ad set or ad, same hour,
/// same figures) is dropped and counted; the same key with other figures is an error naming both lines. Ad-level rows of
/// one ad set and hour are summed into it.
/// </summary>
internal sealed class HourRows(string file)
{
    private readonly Dictionary<(AdSetRef AdSet, string Ad, DateTimeOffset Hour), ExportedAdSetHour> _seen = [];
    private readonly Dictionary<(AdSetRef AdSet, DateTimeOffset Hour), ExportedAdSetHour> _summed = [];

    public int Duplicates { get; private set; }

    public int AdLevelRows { get; private set; }

    public void Add(ExportedAdSetHour row, string? ad)
    {
        var key = (row.AdSet, ad ?? string.Empty, row.HourUtc);
        if (_seen.TryGetValue(key, out var earlier))
        {
            if (SameFigures(earlier, row))
            {
                Duplicates++;
                return;
            }

            throw new ExportFormatException(
                file,
                row.Line,
                null,
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{Describe(row, ad)} at {row.LocalDay:yyyy-MM-dd} {row.LocalHour:00}:00 appears twice with different figures (lines {earlier.Line} and {row.Line}): remove one, or export each date range once"));
        }

        _seen[key] = row;
        if (ad is not null)
        {
            AdLevelRows++;
        }

        var hourKey = (row.AdSet, row.HourUtc);
        _summed[hourKey] = _summed.TryGetValue(hourKey, out var sum) ? Add(sum, row) : row;
    }

    public IReadOnlyList<ExportedAdSetHour> Rows() =>
        [.. _summed.Values.OrderBy(r => r.AdSet.ExternalId, StringComparer.Ordinal).ThenBy(r => r.HourUtc)];

    /// <summary>Whether two rows carry the same figures (names and lines aside).</summary>
    public static bool SameFigures(ExportedAdSetHour a, ExportedAdSetHour b) =>
        a.Spend == b.Spend && a.Impressions == b.Impressions && a.Clicks == b.Clicks && a.Purchases == b.Purchases
        && a.PurchaseValue == b.PurchaseValue && a.DailyBudget == b.DailyBudget;

    private static string Describe(ExportedAdSetHour row, string? ad) => ad is null ? $"ad set {row.AdSet.ExternalId}" : $"ad {ad} of ad set {row.AdSet.ExternalId}";

    private static ExportedAdSetHour Add(ExportedAdSetHour sum, ExportedAdSetHour row) => sum with
    {
        Spend = sum.Spend + row.Spend,
        Impressions = sum.Impressions + row.Impressions,
        Clicks = sum.Clicks + row.Clicks,
        Purchases = sum.Purchases is { } p && row.Purchases is { } q ? p + q : sum.Purchases ?? row.Purchases,
        PurchaseValue = sum.PurchaseValue is { } v && row.PurchaseValue is { } w ? v + w : sum.PurchaseValue ?? row.PurchaseValue,
        DailyBudget = sum.DailyBudget ?? row.DailyBudget,
    };
}

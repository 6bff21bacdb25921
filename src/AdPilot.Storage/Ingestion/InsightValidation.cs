using System.Globalization;
using AdPilot.Storage.Connections;

namespace AdPilot.Storage.Ingestion;

/// <summary>The checks a batch of insights passes before anything is written.</summary>
internal static class InsightValidation
{
    public static string TypeName(InsightEntityType type) => type switch
    {
        InsightEntityType.Account => "account",
        InsightEntityType.Campaign => "campaign",
        InsightEntityType.AdSet => "adset",
        InsightEntityType.Ad => "ad",
        _ => throw new ArgumentOutOfRangeException(nameof(type), type, "unknown entity type"),
    };

    /// <summary>Checks every row; returns the distinct UTC months the batch touches.</summary>
    public static IReadOnlyCollection<DateTimeOffset> Validate(
        IReadOnlyList<InsightRow> rows, string storeCurrency, DateTimeOffset dataSince, DateTimeOffset now, HashSet<(string Type, string Platform, string ExternalId)> known)
    {
        var lastHour = new DateTimeOffset(now.UtcTicks - (now.UtcTicks % TimeSpan.TicksPerHour), TimeSpan.Zero);
        var seen = new Dictionary<(InsightEntityType, Core.Domain.Platform, string, long), int>(rows.Count);
        var months = new HashSet<DateTimeOffset>();
        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            if (string.IsNullOrEmpty(row.EntityExternalId))
            {
                throw Bad(i, row, "entity_external_id", "is empty");
            }

            if (row.Hour.UtcTicks % TimeSpan.TicksPerHour != 0)
            {
                throw Bad(i, row, "ts_hour", "is not on the hour");
            }

            if (row.Hour < dataSince || row.Hour > lastHour)
            {
                throw Bad(i, row, "ts_hour", string.Create(CultureInfo.InvariantCulture, $"is outside the store's data range {dataSince.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'} to {lastHour.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'}"));
            }

            CheckNotNegative(i, row, "impressions", row.Impressions);
            CheckNotNegative(i, row, "clicks", row.Clicks);
            CheckNotNegative(i, row, "purchases", row.Purchases);
            if (row.Spend < 0)
            {
                throw Bad(i, row, "spend", string.Create(CultureInfo.InvariantCulture, $"is negative ({row.Spend})"));
            }

            if (row.Revenue < 0)
            {
                throw Bad(i, row, "revenue", string.Create(CultureInfo.InvariantCulture, $"is negative ({row.Revenue})"));
            }

            if (!string.Equals(row.Currency, storeCurrency, StringComparison.Ordinal))
            {
                throw Bad(i, row, "currency", $"is '{row.Currency}', not the store's {storeCurrency}");
            }

            if (!known.Contains((TypeName(row.EntityType), Sql.Name(row.Platform), row.EntityExternalId)))
            {
                throw Bad(i, row, "entity_external_id", $"names no {TypeName(row.EntityType)} stored for the store");
            }

            if (!seen.TryAdd((row.EntityType, row.Platform, row.EntityExternalId, row.Hour.UtcTicks), i))
            {
                throw Bad(i, row, "ts_hour", string.Create(CultureInfo.InvariantCulture, $"repeats the key of row {seen[(row.EntityType, row.Platform, row.EntityExternalId, row.Hour.UtcTicks)]}"));
            }

            months.Add(new DateTimeOffset(row.Hour.UtcDateTime.Year, row.Hour.UtcDateTime.Month, 1, 0, 0, 0, TimeSpan.Zero));
        }

        return months;
    }

    private static void CheckNotNegative(int i, InsightRow row, string field, long value)
    {
        if (value < 0)
        {
            throw Bad(i, row, field, string.Create(CultureInfo.InvariantCulture, $"is negative ({value})"));
        }
    }

    private static InsightBatchException Bad(int i, InsightRow row, string field, string problem) =>
        new(i, field, string.Create(
            CultureInfo.InvariantCulture,
            $"insight row {i} ({Sql.Name(row.Platform)} {TypeName(row.EntityType)} '{row.EntityExternalId}' at {row.Hour.UtcDateTime:yyyy-MM-dd'T'HH:mm'Z'}): {field} {problem}; nothing of the batch was written"));
}

using AdPilot.Core.Domain;

namespace AdPilot.Storage.Ingestion;

/// <summary>
/// One hour of a platform's delivery figures for one entity. Money is decimal at the connector's edge already, so a NaN
/// cannot reach storage; the loader checks the rest (see <see cref="IIngestionStore.LoadInsightsAsync"/>).
/// </summary>
/// <param name="Platform">The platform.</param>
/// <param name="EntityType">The level.</param>
/// <param name="EntityExternalId">The platform's id of the entity.</param>
/// <param name="Hour">The UTC hour the row covers (its start, on the hour).</param>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="Spend">Spend, in major units.</param>
/// <param name="Currency">The currency of spend and revenue; must be the store's.</param>
/// <param name="Purchases">Purchases the platform reports.</param>
/// <param name="Revenue">Purchase value the platform reports.</param>
public readonly record struct InsightRow(
    Platform Platform,
    InsightEntityType EntityType,
    string EntityExternalId,
    DateTimeOffset Hour,
    long Impressions,
    long Clicks,
    decimal Spend,
    string Currency,
    int Purchases,
    decimal Revenue);

using AdPilot.Core.Domain;

namespace AdPilot.Storage.Ingestion;

/// <summary>
/// A Shopify order, reduced to what attribution and rewards need: no customer names, emails or addresses.
/// </summary>
public sealed record OrderRecord
{
    /// <summary>Gets Shopify's order id.</summary>
    public required string OrderId { get; init; }

    /// <summary>Gets when the order was placed.</summary>
    public required DateTimeOffset CreatedAt { get; init; }

    /// <summary>Gets the current total price, in major units.</summary>
    public required decimal Total { get; init; }

    /// <summary>Gets the cost of goods, when known.</summary>
    public decimal? Cogs { get; init; }

    /// <summary>Gets the amount refunded so far.</summary>
    public decimal Refunded { get; init; }

    /// <summary>Gets the currency (ISO 4217).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets when the order was cancelled, if it was.</summary>
    public DateTimeOffset? CanceledAt { get; init; }

    /// <summary>Gets the attribution source, e.g. the UTM source.</summary>
    public string? AttributionSource { get; init; }

    /// <summary>Gets the UTM campaign, if any.</summary>
    public string? UtmCampaign { get; init; }

    /// <summary>Gets the platform the order is attributed to, if any.</summary>
    public Platform? Platform { get; init; }

    /// <summary>Gets the ad set the order is attributed to, if any.</summary>
    public string? AdSetExternalId { get; init; }

    /// <summary>Gets Shopify's updatedAt: a stored order is replaced only by a newer edition.</summary>
    public required DateTimeOffset SourceUpdatedAt { get; init; }
}

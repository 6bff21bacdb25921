using AdPilot.Core.Domain;

namespace AdPilot.Connectors.Shopify;

/// <summary>A refund of an order.</summary>
/// <param name="Id">The refund's numeric id.</param>
/// <param name="OrderId">The refunded order's numeric id.</param>
/// <param name="CreatedAt">When the refund was created.</param>
/// <param name="ProcessedAt">When it was processed, when known.</param>
/// <param name="Amount">The money returned to the buyer.</param>
public sealed record ShopifyRefund(long Id, long OrderId, DateTimeOffset CreatedAt, DateTimeOffset? ProcessedAt, Money Amount);

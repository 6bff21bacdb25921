using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>Units of one line item a refund returns.</summary>
/// <param name="Id">The refund line's numeric id.</param>
/// <param name="LineItemId">The line item returned.</param>
/// <param name="Quantity">How many of its units.</param>
/// <param name="Subtotal">What they cost the buyer after discounts.</param>
public sealed record ShopifyRefundLine(long Id, long LineItemId, int Quantity, Money Subtotal);

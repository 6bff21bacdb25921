using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>A refund of a simulated order: the units returned and the one refund transaction that paid the buyer back.</summary>
/// <param name="Id">The refund's numeric id (<c>gid://shopify/Refund/{Id}</c>).</param>
/// <param name="OrderId">The refunded order's id.</param>
/// <param name="CreatedAtUtc">When it was made (also when it was processed).</param>
/// <param name="Note">The merchant's note.</param>
/// <param name="Lines">The units returned.</param>
/// <param name="TransactionId">The id of its refund transaction.</param>
/// <param name="Amount">The money returned to the buyer.</param>
public sealed record ShopifyRefund(
    long Id, long OrderId, DateTimeOffset CreatedAtUtc, string Note, IReadOnlyList<ShopifyRefundLine> Lines, long TransactionId, Money Amount);

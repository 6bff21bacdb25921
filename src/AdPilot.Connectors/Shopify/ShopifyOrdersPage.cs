namespace AdPilot.Connectors.Shopify;

/// <summary>One page of the incremental orders pull.</summary>
/// <param name="Orders">The orders, oldest update first.</param>
/// <param name="EndCursor">The cursor to ask for the next page with, or <see langword="null"/> on the last page.</param>
/// <param name="Throttle">The shop's bucket after the page, when Shopify reported it.</param>
public sealed record ShopifyOrdersPage(IReadOnlyList<ShopifyOrder> Orders, string? EndCursor, ShopifyThrottleStatus? Throttle)
{
    /// <summary>Gets a value indicating whether more pages follow.</summary>
    public bool HasNextPage => EndCursor is not null;
}

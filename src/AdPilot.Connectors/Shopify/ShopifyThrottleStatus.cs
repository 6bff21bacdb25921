namespace AdPilot.Connectors.Shopify;

/// <summary>The GraphQL cost extension of one response: the query's cost and the shop's leaky bucket after it.</summary>
/// <param name="RequestedQueryCost">The worst-case cost Shopify computed for the query.</param>
/// <param name="ActualQueryCost">What was charged; <see langword="null"/> when the query was throttled.</param>
/// <param name="MaximumAvailable">The bucket's size in points.</param>
/// <param name="CurrentlyAvailable">The points left after the query.</param>
/// <param name="RestoreRate">The points restored per second.</param>
public sealed record ShopifyThrottleStatus(
    double RequestedQueryCost,
    double? ActualQueryCost,
    double MaximumAvailable,
    double CurrentlyAvailable,
    double RestoreRate)
{
    /// <summary>How long until the bucket holds <paramref name="cost"/> points again.</summary>
    /// <param name="cost">The points the next query needs.</param>
    /// <returns>Zero when they are available now.</returns>
    public TimeSpan WaitFor(double cost)
    {
        var missing = Math.Min(cost, MaximumAvailable) - CurrentlyAvailable;
        return missing <= 0 || RestoreRate <= 0
            ? TimeSpan.Zero
            : TimeSpan.FromSeconds(Math.Ceiling(missing / RestoreRate * 1000) / 1000);
    }
}

using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>The settings of an ad set that the platform APIs can change; a change applies from the next simulated hour.</summary>
/// <param name="DailyBudget">The daily budget in the store currency (major units).</param>
/// <param name="Status">Whether the ad set delivers.</param>
/// <param name="Bid">The bid strategy and its cap.</param>
public readonly record struct AdSetSettings(decimal DailyBudget, AdSetStatus Status, BidStrategy Bid);

/// <summary>An ad set of the sandbox's world, with the budget range the platform accepts.</summary>
/// <param name="Index">Its position in the scenario (and in every step of the simulator).</param>
/// <param name="Ref">Its platform and id.</param>
/// <param name="Name">Its readable name.</param>
/// <param name="MinDailyBudget">The smallest daily budget the platform accepts.</param>
/// <param name="MaxDailyBudget">The largest daily budget the platform accepts.</param>
public sealed record SandboxAdSet(int Index, AdSetRef Ref, string Name, decimal MinDailyBudget, decimal MaxDailyBudget);

/// <summary>What the platform recorded for one ad set in one simulated hour (money rounded to the minor unit).</summary>
/// <param name="AdSetIndex">The ad set's index.</param>
/// <param name="HourStartUtc">The UTC start of the hour.</param>
/// <param name="DailyBudget">The daily budget in force during the hour.</param>
/// <param name="Status">Whether it delivered during the hour.</param>
/// <param name="Spend">Spend.</param>
/// <param name="Impressions">Impressions.</param>
/// <param name="Clicks">Clicks.</param>
/// <param name="PlatformConversions">Purchases the platform reports for the hour.</param>
/// <param name="PlatformConversionValue">Their value as the platform reports it.</param>
/// <param name="ShopifyOrders">Orders from its clicks that reached the store in the hour.</param>
/// <param name="ShopifyRevenue">Their revenue.</param>
public sealed record AdSetHourRecord(
    int AdSetIndex,
    DateTimeOffset HourStartUtc,
    Money DailyBudget,
    AdSetStatus Status,
    Money Spend,
    long Impressions,
    long Clicks,
    long PlatformConversions,
    Money PlatformConversionValue,
    long ShopifyOrders,
    Money ShopifyRevenue);

/// <summary>An order the simulated store received.</summary>
/// <param name="Id">Shopify's numeric id (the GID is <c>gid://shopify/Order/{Id}</c>).</param>
/// <param name="Number">The order number; the name is <c>#{Number}</c>.</param>
/// <param name="CreatedAtUtc">When it was placed.</param>
/// <param name="Total">Its total price.</param>
/// <param name="UtmAdSet">The ad set its UTM parameters name; null for organic orders and for ad orders whose UTM was lost.</param>
/// <param name="CausedBy">The ad set whose click caused it (the simulator's truth); null for organic orders.</param>
public sealed record ShopifyOrder(long Id, int Number, DateTimeOffset CreatedAtUtc, Money Total, AdSetRef? UtmAdSet, AdSetRef? CausedBy)
{
    /// <summary>Gets the order's GraphQL id.</summary>
    public string Gid => $"gid://shopify/Order/{Id}";

    /// <summary>Gets the order's name, e.g. <c>#1001</c>.</summary>
    public string Name => $"#{Number}";
}

using AdPilot.Core.Domain;

namespace AdPilot.Sandbox;

/// <summary>The settings of an ad set that the platform APIs can change; a change applies from the next simulated hour.</summary>
/// <param name="DailyBudget">The daily budget in the store currency (major units).</param>
/// <param name="Status">Whether the ad set delivers.</param>
/// <param name="Bid">The bid strategy and its cap.</param>
public readonly record struct AdSetSettings(decimal DailyBudget, AdSetStatus Status, BidStrategy Bid);

/// <summary>One change the world received through a platform API: the world's own record, independent of any client's log.</summary>
/// <param name="AdSetIndex">The ad set's index.</param>
/// <param name="AtUtc">The world's time when the change arrived (it applies from the next simulated hour).</param>
/// <param name="Before">The settings before the change.</param>
/// <param name="After">The settings after it; equal to <paramref name="Before"/> when the write changed nothing.</param>
public sealed record SettingsChange(int AdSetIndex, DateTimeOffset AtUtc, AdSetSettings Before, AdSetSettings After);

/// <summary>An ad set of the sandbox's world, with the budget range the platform accepts.</summary>
/// <param name="Index">Its position in the scenario (and in every step of the simulator).</param>
/// <param name="Ref">Its platform and id.</param>
/// <param name="Name">Its readable name.</param>
/// <param name="MinDailyBudget">The smallest daily budget the platform accepts.</param>
/// <param name="MaxDailyBudget">The largest daily budget the platform accepts.</param>
public sealed record SandboxAdSet(int Index, AdSetRef Ref, string Name, decimal MinDailyBudget, decimal MaxDailyBudget)
{
    /// <summary>
    /// Gets the index of the scenario's ad set this one was copied from (directly or through other copies), or null for one
    /// of the scenario's own: a copy lives in its original's account and campaign.
    /// </summary>
    public int? CopyOf { get; init; }
}

/// <summary>The targeting of an ad set in the sandbox: an age band and interests (<see cref="Interests.None"/> for broad).</summary>
/// <param name="AgeGroup">The age band.</param>
/// <param name="Interests">The interests.</param>
public readonly record struct AdSetTargeting(AgeGroup AgeGroup, Interests Interests);

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

/// <summary>
/// An order the simulated store received. The positional members are fixed when it is placed; the others describe its
/// contents (line items, discount, buyer) and what happened to it later (refunds, cancellation), and change only through
/// <c>with</c> as the world's clock passes those later events. <see cref="Total"/> is what the simulator produced and
/// never changes: it equals the line items' sum less <see cref="TotalDiscounts"/>, to the cent.
/// </summary>
/// <param name="Id">Shopify's numeric id (the GID is <c>gid://shopify/Order/{Id}</c>).</param>
/// <param name="Number">The order number; the name is <c>#{Number}</c>.</param>
/// <param name="CreatedAtUtc">When it was placed.</param>
/// <param name="Total">Its total price when placed (after discounts; the sandbox charges no tax or shipping).</param>
/// <param name="UtmAdSet">The ad set its UTM parameters name; null for organic orders and for ad orders whose UTM was lost.</param>
/// <param name="CausedBy">The ad set whose click caused it (the simulator's truth); null for organic orders.</param>
public sealed record ShopifyOrder(long Id, int Number, DateTimeOffset CreatedAtUtc, Money Total, AdSetRef? UtmAdSet, AdSetRef? CausedBy)
{
    private readonly DateTimeOffset? _updatedAtUtc;

    /// <summary>Gets the order's GraphQL id.</summary>
    public string Gid => $"gid://shopify/Order/{Id}";

    /// <summary>Gets the order's name, e.g. <c>#1001</c>.</summary>
    public string Name => $"#{Number}";

    /// <summary>Gets when the payment was processed (the sandbox processes at once, so when it was placed).</summary>
    public DateTimeOffset ProcessedAtUtc => CreatedAtUtc;

    /// <summary>Gets when it last changed: when placed, or at its latest refund or cancellation.</summary>
    public DateTimeOffset UpdatedAtUtc
    {
        get => _updatedAtUtc ?? CreatedAtUtc;
        init => _updatedAtUtc = value;
    }

    /// <summary>Gets its line items; their prices less <see cref="TotalDiscounts"/> make <see cref="Total"/>.</summary>
    public IReadOnlyList<ShopifyLineItem> LineItems { get; init; } = [];

    /// <summary>Gets the discount code applied, or null.</summary>
    public ShopifyDiscount? Discount { get; init; }

    /// <summary>Gets its refunds, oldest first.</summary>
    public IReadOnlyList<ShopifyRefund> Refunds { get; init; } = [];

    /// <summary>Gets when it was cancelled, or null.</summary>
    public DateTimeOffset? CancelledAtUtc { get; init; }

    /// <summary>Gets why it was cancelled (<c>customer</c>, <c>inventory</c>, <c>declined</c>, <c>fraud</c>, <c>other</c>), or null.</summary>
    public string? CancelReason { get; init; }

    /// <summary>Gets the made-up buyer, whose personal data Shopify's REST bodies carry and AdPilot must drop; null for none.</summary>
    public ShopifyCustomer? Customer { get; init; }

    /// <summary>Gets the sum of the line items' prices before discounts.</summary>
    public Money Subtotal => new(LineItems.Sum(l => l.LineTotal.Amount), Total.Currency);

    /// <summary>Gets the discount taken off the order (zero without a code).</summary>
    public Money TotalDiscounts => Discount?.Amount ?? new Money(0m, Total.Currency);

    /// <summary>Gets the money refunded so far.</summary>
    public Money TotalRefunded => new(Refunds.Sum(r => r.Amount.Amount), Total.Currency);

    /// <summary>Gets the total after refunds, as Shopify's <c>currentTotalPriceSet</c> reports it.</summary>
    public Money CurrentTotal => new(Total.Amount - TotalRefunded.Amount, Total.Currency);

    /// <summary>Gets Shopify's REST <c>financial_status</c>: <c>paid</c>, <c>partially_refunded</c> or <c>refunded</c>.</summary>
    public string FinancialStatus => Refunds.Count == 0 ? "paid" : CurrentTotal.Amount > 0 ? "partially_refunded" : "refunded";

    /// <summary>Gets how many units of a line item have not been refunded.</summary>
    /// <param name="lineItemId">The line item's id.</param>
    /// <returns>The units left.</returns>
    public int CurrentQuantity(long lineItemId) =>
        (LineItems.FirstOrDefault(l => l.Id == lineItemId)?.Quantity ?? 0)
        - Refunds.SelectMany(r => r.Lines).Where(l => l.LineItemId == lineItemId).Sum(l => l.Quantity);
}

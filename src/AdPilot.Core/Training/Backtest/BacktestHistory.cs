using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Rewards;

namespace AdPilot.Core.Training.Backtest;

/// <summary>
/// The history a backtest replays: every ad set's hours over one window of whole UTC hours (hours the source left out
/// already zero-filled), and the store's orders. Money is in the store currency throughout.
/// </summary>
public sealed record BacktestHistory
{
    /// <summary>Gets the store currency (ISO 4217).</summary>
    public required string Currency { get; init; }

    /// <summary>Gets the store's time zone: the hour of day and day of week the policy sees.</summary>
    public required TimeZoneInfo StoreZone { get; init; }

    /// <summary>Gets the first hour of the window, a whole UTC hour.</summary>
    public required DateTimeOffset FromUtc { get; init; }

    /// <summary>Gets the ad sets, in the order of <see cref="Hours"/>.</summary>
    public required IReadOnlyList<BacktestAdSet> AdSets { get; init; }

    /// <summary>Gets each ad set's hours: <c>Hours[a][t]</c> is ad set a in the hour <see cref="FromUtc"/> + t.</summary>
    public required IReadOnlyList<IReadOnlyList<BacktestHour>> Hours { get; init; }

    /// <summary>Gets the store's orders (any placed in or near the window).</summary>
    public required IReadOnlyList<ShopOrder> Orders { get; init; }

    /// <summary>Gets the store's cost of goods.</summary>
    public required CostOfGoods CostOfGoods { get; init; }

    /// <summary>Gets the number of hours in the window.</summary>
    public int HourCount => Hours.Count == 0 ? 0 : Hours[0].Count;

    /// <summary>Gets the end of the window, exclusive.</summary>
    public DateTimeOffset ToUtc => FromUtc.AddHours(HourCount);

    /// <summary>The problems of the history, one sentence each; empty when it can be replayed.</summary>
    /// <returns>The problems.</returns>
    public IReadOnlyList<string> Validate()
    {
        var errors = new List<string>();
        if (!Money.IsCurrencyCode(Currency))
        {
            errors.Add($"the currency '{Currency}' is not an ISO 4217 code");
        }

        if (!LocalHour.IsWholeUtcHour(FromUtc))
        {
            errors.Add($"the window must start on a whole UTC hour, got {FromUtc:O}");
        }

        if (AdSets.Count == 0)
        {
            errors.Add("the history has no ad set");
        }

        if (Hours.Count != AdSets.Count)
        {
            errors.Add($"the history has hours for {Hours.Count} ad sets but lists {AdSets.Count}");
        }
        else if (Hours.Any(h => h.Count != HourCount) || HourCount == 0)
        {
            errors.Add("every ad set must have the same, non-zero number of hours");
        }

        if (AdSets.Select(a => a.AdSet).Distinct().Count() != AdSets.Count)
        {
            errors.Add("an ad set is listed twice");
        }

        if (Hours.SelectMany(h => h).Any(h => h.Spend < 0 || h.Impressions < 0 || h.Clicks < 0 || h.DailyBudget < 0))
        {
            errors.Add("an hour has a negative spend, count or budget");
        }

        if (Orders.FirstOrDefault(o => !string.Equals(o.Currency, Currency, StringComparison.Ordinal)) is { } other)
        {
            errors.Add($"order {other.OrderId} is in {other.Currency}, not the store's {Currency}");
        }

        return errors;
    }
}

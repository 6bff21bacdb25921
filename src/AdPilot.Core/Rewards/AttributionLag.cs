using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Core.Rewards;

/// <summary>
/// Attribution lag (guide §8): a purchase is caused by clicks of the hours before it, so its revenue (and cost of
/// goods) is optionally spread back over the previous k hours. Weight j goes to the hour j hours before the
/// purchase's (j = 0 is the purchase's own hour), and the shares are rounded to the cent by
/// <see cref="LargestRemainder"/>, so they sum exactly to the amount.
/// </summary>
public static class AttributionLag
{
    /// <summary>The lag weights of the options: <see cref="RewardOptions.LagWeights"/>, or k + 1 equal weights when it is empty.</summary>
    /// <param name="options">The options.</param>
    /// <returns>The weights, index j for j hours back.</returns>
    public static double[] WeightsOf(RewardOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return options.LagWeights is { Length: > 0 } weights ? [.. weights] : Enumerable.Repeat(1.0, options.LagHours + 1).ToArray();
    }

    /// <summary>Spreads an amount booked to an hour back over the hours before it.</summary>
    /// <param name="amount">The amount (negative for a refund).</param>
    /// <param name="hourUtc">The purchase's hour (floored to a whole UTC hour).</param>
    /// <param name="weights">One weight per hour back, the first for the purchase's own hour.</param>
    /// <returns>One share per weight, latest hour first, summing exactly to <paramref name="amount"/>.</returns>
    public static IReadOnlyList<HourAmount> Spread(Money amount, DateTimeOffset hourUtc, ReadOnlySpan<double> weights)
    {
        var shares = LargestRemainder.Split(amount.Amount, LargestRemainder.MinorUnitDecimals(amount.Currency), weights);
        var hour = LocalHour.FloorToUtcHour(hourUtc);
        var result = new HourAmount[shares.Length];
        for (var j = 0; j < shares.Length; j++)
        {
            result[j] = new HourAmount(hour.AddHours(-j), new Money(shares[j], amount.Currency));
        }

        return result;
    }

    /// <summary>
    /// The hours whose rewards change when an order placed at <paramref name="placedAt"/> arrives, changes or is refunded:
    /// its own hour and the <paramref name="lagHours"/> before it. The runtime recomputes exactly these.
    /// </summary>
    /// <param name="placedAt">When the order was placed.</param>
    /// <param name="lagHours">k.</param>
    /// <returns>The hours, latest first.</returns>
    public static IReadOnlyList<DateTimeOffset> AffectedHours(DateTimeOffset placedAt, int lagHours)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(lagHours);
        var hour = LocalHour.FloorToUtcHour(placedAt);
        return [.. Enumerable.Range(0, lagHours + 1).Select(j => hour.AddHours(-j))];
    }
}

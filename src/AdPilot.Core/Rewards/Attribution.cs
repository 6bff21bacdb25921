using AdPilot.Core.Domain;
using AdPilot.Core.Features;

namespace AdPilot.Core.Rewards;

/// <summary>
/// Attributes Shopify orders to ad set-hours, two ways kept side by side.
/// <para>
/// UTM: an order whose landing tags are <c>utm_source=instagram|tiktok</c>, <c>utm_medium=paid_social</c>,
/// <c>utm_campaign=adpilot</c> (each case-insensitive) and <c>utm_content=</c> the ad set's id belongs to that ad set,
/// in the hour it was placed.
/// </para>
/// <para>
/// Modelled: UTM plus a share of the hour's untagged orders. When the platforms report purchases in the hour, each ad
/// set claims the purchases its UTM-tagged orders do not explain, max(0, reported − tagged); the untagged orders fill
/// those claims (a fraction min(1, claims ÷ untagged orders) of each), split in proportion to them. When no platform
/// reports any, the claim is the tags expected lost, tagged × <see cref="RewardOptions.ExpectedUtmLossRate"/> ÷ (1 −
/// rate), split by spend share. What is not credited stays unattributed (organic orders), so the split conserves revenue.
/// </para>
/// Refunds are booked to the original order's hour as negative revenue: an order's figures are net of what was refunded,
/// so recomputing after a late refund changes only that hour (and the lag hours before it) and gives the same result
/// whenever it runs.
/// </summary>
public static class Attribution
{
    /// <summary>The <c>utm_medium</c> of AdPilot-managed ads.</summary>
    public const string UtmMedium = "paid_social";

    /// <summary>The <c>utm_campaign</c> of AdPilot-managed ads.</summary>
    public const string UtmCampaign = "adpilot";

    private const int ConversionDecimals = 6;

    /// <summary>The ad set an order's UTM tags name, or null when they are not AdPilot's scheme.</summary>
    /// <param name="utm">The tags.</param>
    /// <returns>The ad set, or null.</returns>
    public static AdSetRef? MatchUtm(UtmTag? utm)
    {
        if (utm is null
            || !string.Equals(utm.Medium?.Trim(), UtmMedium, StringComparison.OrdinalIgnoreCase)
            || !string.Equals(utm.Campaign?.Trim(), UtmCampaign, StringComparison.OrdinalIgnoreCase)
            || string.IsNullOrWhiteSpace(utm.Content))
        {
            return null;
        }

        Platform? platform = utm.Source?.Trim().ToUpperInvariant() switch
        {
            "INSTAGRAM" => Platform.Instagram,
            "TIKTOK" => Platform.TikTok,
            _ => null,
        };
        return platform is { } p ? new AdSetRef(p, utm.Content.Trim()) : null;
    }

    /// <summary>
    /// An order's figures net of refunds: revenue = total − refunded (negative when more was refunded than the total);
    /// cost of goods = the known one or total × (1 − margin), times the share kept when refunds return goods; one
    /// conversion while any revenue remains. A cancelled order counts for nothing.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <param name="costOfGoods">The store's cost model.</param>
    /// <param name="refundRestoresCogs">Whether refunds return their share of the cost of goods.</param>
    /// <returns>The figures, money rounded to the currency's minor unit.</returns>
    public static OrderFigures NetFigures(ShopOrder order, CostOfGoods costOfGoods, bool refundRestoresCogs)
    {
        ArgumentNullException.ThrowIfNull(order);
        ArgumentNullException.ThrowIfNull(costOfGoods);
        if (order.Canceled)
        {
            return OrderFigures.Zero;
        }

        var decimals = LargestRemainder.MinorUnitDecimals(order.Currency);
        var revenue = order.Total - order.Refunded;
        var cogs = order.Cogs ?? Math.Round(order.Total * (decimal)(1 - costOfGoods.GrossMargin), decimals, MidpointRounding.ToEven);
        if (refundRestoresCogs && order.Total > 0)
        {
            cogs = Math.Round(cogs * Math.Clamp(revenue / order.Total, 0, 1), decimals, MidpointRounding.ToEven);
        }

        return new OrderFigures(revenue, cogs, revenue > 0 ? 1 : 0);
    }

    /// <summary>Attributes orders to ad set-hours both ways.</summary>
    /// <param name="orders">The orders.</param>
    /// <param name="activity">The ad set-hours the platforms report (spend and purchases), for the modelled split.</param>
    /// <param name="currency">The store currency; every order must be in it.</param>
    /// <param name="costOfGoods">The store's cost model, for orders without a known cost of goods.</param>
    /// <param name="options">The reward options (<see cref="RewardOptions.ExpectedUtmLossRate"/>, <see cref="RewardOptions.RefundRestoresCogs"/>).</param>
    /// <returns>The attribution, by ad set then hour.</returns>
    /// <exception cref="ArgumentException">An order is in another currency, or the options are invalid.</exception>
    public static AttributionResult Attribute(
        IReadOnlyList<ShopOrder> orders, IReadOnlyList<AdSetHourActivity> activity, string currency, CostOfGoods costOfGoods, RewardOptions options)
    {
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(activity);
        ArgumentNullException.ThrowIfNull(costOfGoods);
        ArgumentNullException.ThrowIfNull(options);
        options.ThrowIfInvalid();
        var decimals = LargestRemainder.MinorUnitDecimals(currency);

        var utm = new Dictionary<(AdSetRef, DateTimeOffset), OrderFigures>();
        var untagged = new Dictionary<DateTimeOffset, List<OrderFigures>>();
        foreach (var order in orders)
        {
            if (!string.Equals(order.Currency, currency, StringComparison.Ordinal))
            {
                throw new ArgumentException($"order {order.OrderId} is in {order.Currency}, not the store's {currency}", nameof(orders));
            }

            var figures = NetFigures(order, costOfGoods, options.RefundRestoresCogs);
            var hour = LocalHour.FloorToUtcHour(order.PlacedAt);
            if (MatchUtm(order.Utm) is { } adSet)
            {
                utm[(adSet, hour)] = utm.GetValueOrDefault((adSet, hour)) + figures;
            }
            else
            {
                if (!untagged.TryGetValue(hour, out var list))
                {
                    untagged[hour] = list = [];
                }

                list.Add(figures);
            }
        }

        var activityByHour = activity
            .GroupBy(a => LocalHour.FloorToUtcHour(a.HourUtc))
            .ToDictionary(g => g.Key, g => g.GroupBy(a => a.AdSet).Select(s => (AdSet: s.Key, Spend: s.Sum(a => a.Spend), Purchases: s.Sum(a => a.PlatformPurchases ?? 0))).ToArray());
        var taggedByHour = utm.GroupBy(kv => kv.Key.Item2).ToDictionary(g => g.Key, g => (double)g.Sum(kv => kv.Value.Conversions));
        var modelledShare = new Dictionary<(AdSetRef, DateTimeOffset), OrderFigures>();
        var unattributed = new Dictionary<DateTimeOffset, OrderFigures>();
        foreach (var (hour, hourOrders) in untagged)
        {
            var rows = activityByHour.GetValueOrDefault(hour) ?? [];
            var weights = new double[rows.Length + 1];
            double claim;
            if (rows.Any(r => r.Purchases > 0))
            {
                claim = 0;
                for (var i = 0; i < rows.Length; i++)
                {
                    var tagged = (double)utm.GetValueOrDefault((rows[i].AdSet, hour)).Conversions;
                    weights[i] = Math.Max(0, rows[i].Purchases - tagged);
                    claim += weights[i];
                }
            }
            else
            {
                var taggedInHour = taggedByHour.GetValueOrDefault(hour);
                claim = rows.Sum(r => r.Spend) > 0 ? taggedInHour * options.ExpectedUtmLossRate / (1 - options.ExpectedUtmLossRate) : 0;
                for (var i = 0; i < rows.Length; i++)
                {
                    weights[i] = (double)rows[i].Spend;
                }
            }

            var weightSum = weights.Sum();
            var untaggedOrders = (double)hourOrders.Sum(f => f.Conversions);
            var credited = !(claim > 0) || !(weightSum > 0) ? 0 : untaggedOrders > 0 ? Math.Min(1, claim / untaggedOrders) : 1;
            for (var i = 0; i < rows.Length; i++)
            {
                weights[i] = credited > 0 ? credited * weights[i] / weightSum : 0;
            }

            weights[^1] = 1 - credited;
            if (!(weights[^1] > 0) && weights.Take(rows.Length).All(w => !(w > 0)))
            {
                weights[^1] = 1;
            }

            // Every untagged order of the hour is split by the same weights: split the hour's pool once (a large store
            // has hundreds of untagged orders an hour over thousands of ad sets), to the cent, conserving it exactly.
            var pool = hourOrders.Aggregate(OrderFigures.Zero, (a, b) => a + b);
            var revenue = LargestRemainder.Split(pool.Revenue, decimals, weights);
            var cogs = LargestRemainder.Split(pool.Cogs, decimals, weights);
            var conversions = LargestRemainder.Split(pool.Conversions, ConversionDecimals, weights);
            for (var i = 0; i < rows.Length; i++)
            {
                if (revenue[i] != 0 || cogs[i] != 0 || conversions[i] != 0)
                {
                    var key = (rows[i].AdSet, hour);
                    modelledShare[key] = modelledShare.GetValueOrDefault(key) + new OrderFigures(revenue[i], cogs[i], conversions[i]);
                }
            }

            unattributed[hour] = unattributed.GetValueOrDefault(hour) + new OrderFigures(revenue[^1], cogs[^1], conversions[^1]);
        }

        var result = utm.Keys.Union(modelledShare.Keys)
            .Select(key => new AttributedRevenue(
                key.Item1, key.Item2, utm.GetValueOrDefault(key), utm.GetValueOrDefault(key) + modelledShare.GetValueOrDefault(key)))
            .OrderBy(a => a.AdSet.Platform)
            .ThenBy(a => a.AdSet.ExternalId, StringComparer.Ordinal)
            .ThenBy(a => a.HourUtc)
            .ToArray();
        return new AttributionResult(result, unattributed);
    }
}

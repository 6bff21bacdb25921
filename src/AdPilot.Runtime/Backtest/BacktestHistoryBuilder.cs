using System.Globalization;
using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Core.Rewards;
using AdPilot.Core.Training.Backtest;
using AdPilot.Runtime.Ingestion;
using AdPilot.Runtime.Rewards;

namespace AdPilot.Runtime.Backtest;

/// <summary>
/// Turns hourly ad set rows and Shopify orders (from exports or the APIs) into a <see cref="BacktestHistory"/>: money into
/// the store currency, rows from several sources merged (a row repeated exactly is dropped; the same ad set-hour with other
/// figures is an error naming both), hours the sources left out zero-filled, and orders tied to ad sets as the live loop
/// ties them (the order ETL's UTM rules, then the reward job's).
/// </summary>
public static class BacktestHistoryBuilder
{
    /// <summary>The longest window a backtest replays, in hours (a year and a day).</summary>
    public const int MaxHours = 366 * 24;

    /// <summary>Builds the history.</summary>
    /// <param name="rows">The ad set-hours, from every source.</param>
    /// <param name="orders">The orders, from every source.</param>
    /// <param name="currency">The store currency.</param>
    /// <param name="zone">The store's time zone.</param>
    /// <param name="costOfGoods">The store's cost of goods.</param>
    /// <param name="attribution">How orders are tied to ad sets.</param>
    /// <param name="rates">Exchange rates into the store currency, or null when every amount must already be in it.</param>
    /// <param name="sources">What was read.</param>
    /// <param name="warnings">The warnings so far; the builder's are added.</param>
    /// <param name="checkOffsets">Whether the orders' timestamps carry the shop's own UTC offsets (exports), to be checked against the store zone.</param>
    /// <returns>The input.</returns>
    /// <exception cref="ExportFormatException">
    /// An amount is in another currency without a rate, two sources disagree on an ad set-hour or an order, there are no
    /// rows, the window is too long, or nothing ties orders to ad sets.
    /// </exception>
    public static BacktestInput Build(
        IReadOnlyList<ExportedAdSetHour> rows,
        IReadOnlyList<ExportedOrder> orders,
        string currency,
        TimeZoneInfo zone,
        CostOfGoods costOfGoods,
        AttributionChoice attribution,
        CurrencyRates? rates,
        IReadOnlyList<BacktestSource> sources,
        IEnumerable<string> warnings,
        bool checkOffsets = true)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(orders);
        ArgumentNullException.ThrowIfNull(zone);
        ArgumentNullException.ThrowIfNull(costOfGoods);
        ArgumentNullException.ThrowIfNull(sources);
        var notes = new List<string>(warnings);
        var merged = MergeRows(rows, currency, rates, notes);
        if (merged.Count == 0)
        {
            throw new ExportFormatException("the insights have no ad set-hour rows: nothing to replay");
        }

        var from = merged.Keys.Min(k => k.Hour);
        var to = merged.Keys.Max(k => k.Hour).AddHours(1);
        var hours = (int)((to - from).Ticks / TimeSpan.TicksPerHour);
        if (hours > MaxHours)
        {
            throw new ExportFormatException(string.Create(
                CultureInfo.InvariantCulture, $"the insights span {hours} hours ({from:yyyy-MM-dd} to {to:yyyy-MM-dd}); a backtest replays at most {MaxHours}: split the range"));
        }

        var adSets = merged.Values
            .GroupBy(r => r.AdSet)
            .OrderBy(g => g.Key.Platform)
            .ThenBy(g => g.Key.ExternalId, StringComparer.Ordinal)
            .Select(g => new BacktestAdSet(
                g.Key,
                g.Select(r => r.Name).FirstOrDefault(n => n is not null) ?? g.Key.ExternalId,
                g.Select(r => r.CampaignId).FirstOrDefault(c => c is not null) ?? "unknown"))
            .ToArray();
        var grid = new List<IReadOnlyList<BacktestHour>>(adSets.Length);
        int inside = 0, outside = 0;
        foreach (var adSet in adSets)
        {
            var own = merged.Values.Where(r => r.AdSet == adSet.AdSet).Select(r => r.HourUtc).ToArray();
            var (first, last) = (own.Min(), own.Max());
            var line = new BacktestHour[hours];
            for (var t = 0; t < hours; t++)
            {
                var hour = from.AddHours(t);
                if (merged.TryGetValue((adSet.AdSet, hour), out var row))
                {
                    line[t] = new BacktestHour(row.Spend.Amount, row.Impressions, row.Clicks, row.Purchases, row.DailyBudget?.Amount, true);
                }
                else
                {
                    line[t] = BacktestHour.ZeroFilled;
                    if (hour > first && hour < last)
                    {
                        inside++;
                    }
                    else
                    {
                        outside++;
                    }
                }
            }

            grid.Add(line);
        }

        if (inside + outside > 0)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"zero-filled {inside + outside} ad set-hours the sources left out ({inside} between an ad set's first and last reported hour, {outside} before its first or after its last): exports leave out hours without delivery, so each is replayed as no spend, no impressions and no clicks"));
        }

        var shopOrders = ShopOrders(orders, currency, rates, notes);
        if (checkOffsets)
        {
            CheckOffsets(orders, zone, notes);
        }
        var known = adSets.Select(a => a.AdSet).ToHashSet();
        var tagged = shopOrders.Count(o => Attribution.MatchUtm(o.Utm) is { } adSet && known.Contains(adSet));
        var source = attribution switch
        {
            AttributionChoice.Utm => RevenueSource.Utm,
            AttributionChoice.Modelled => RevenueSource.Modelled,
            _ => tagged > 0 ? RevenueSource.Utm : RevenueSource.Modelled,
        };
        if (source == RevenueSource.Modelled && attribution == AttributionChoice.Auto)
        {
            if (!grid.Any(line => line.Any(h => h.PlatformPurchases > 0)))
            {
                throw new ExportFormatException(
                    "nothing ties the orders to the ad sets: no order carries UTM tags naming an ad set of the insights (add the landing site or UTM note attributes "
                    + "to the orders export), and no insights row reports purchases for the modelled attribution to share them by (add the Purchases column)");
            }

            notes.Add(
                "attribution: no order carries UTM tags naming an ad set of the insights, so orders are tied to ad sets by the live loop's modelled attribution "
                + "(each hour's untagged orders shared among the ad sets by the purchases their platforms report): the revenue figures rest on the platforms' purchase counts");
        }
        else if (source == RevenueSource.Utm)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"attribution: by UTM tags, as the live loop: {tagged} of {shopOrders.Count} orders name an ad set of the insights"));
        }

        var history = new BacktestHistory
        {
            Currency = currency,
            StoreZone = zone,
            FromUtc = from,
            AdSets = adSets,
            Hours = grid,
            Orders = shopOrders,
            CostOfGoods = costOfGoods,
        };
        return new BacktestInput(history, source, sources, notes);
    }

    /// <summary>
    /// A stored order as the reward job reads it: <see cref="ShopifyOrderRecords.ToRecord"/> (the order ETL's UTM rules and
    /// totals), then AdPilot's tag scheme again for an attributed order, as the reward job rebuilds it.
    /// </summary>
    /// <param name="order">The order.</param>
    /// <returns>The order as rewards read it.</returns>
    public static ShopOrder ToShopOrder(ShopifyOrder order)
    {
        ArgumentNullException.ThrowIfNull(order);
        var record = ShopifyOrderRecords.ToRecord(order);
        return RewardJob.ToShopOrder(record, record.Currency);
    }

    private static Dictionary<(AdSetRef AdSet, DateTimeOffset Hour), ExportedAdSetHour> MergeRows(
        IReadOnlyList<ExportedAdSetHour> rows, string currency, CurrencyRates? rates, List<string> notes)
    {
        var merged = new Dictionary<(AdSetRef, DateTimeOffset), ExportedAdSetHour>();
        var duplicates = 0;
        var converted = 0;
        foreach (var original in rows)
        {
            var row = original;
            if (!string.Equals(row.Spend.Currency, currency, StringComparison.Ordinal))
            {
                if (rates is null || !rates.Converts(row.Spend.Currency))
                {
                    throw new ExportFormatException(
                        row.File,
                        row.Line,
                        null,
                        $"the ad spend is in {row.Spend.Currency} but the store's money is in {currency}: give --currency-rates FILE (columns from,to,rate, e.g. {row.Spend.Currency},{currency},1.08) to convert it"
                        + (rates is null ? string.Empty : $"; the rates file has no rate for {row.Spend.Currency}"));
                }

                row = row with
                {
                    Spend = Convert(row.Spend, currency, rates),
                    PurchaseValue = row.PurchaseValue is { } value ? Convert(value, currency, rates) : null,
                    DailyBudget = row.DailyBudget is { } budget ? Convert(budget, currency, rates) : null,
                };
                converted++;
            }

            var key = (row.AdSet, row.HourUtc);
            if (merged.TryGetValue(key, out var earlier))
            {
                if (HourRowsEqual(earlier, row))
                {
                    duplicates++;
                    continue;
                }

                throw new ExportFormatException(
                    row.File,
                    row.Line,
                    null,
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"{row.AdSet} at {row.HourUtc:yyyy-MM-dd HH:mm}Z has other figures in {earlier.File}:{earlier.Line}: two exports cover the same hour differently (re-export one date range)"));
            }

            merged[key] = row;
        }

        if (duplicates > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"dropped {duplicates} ad set-hour row(s) that two sources repeat exactly (overlapping exports)"));
        }

        if (converted > 0 && rates is not null)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"converted {converted} ad set-hour row(s) into {currency} at the fixed rates of the rates file"));
        }

        return merged;
    }

    private static bool HourRowsEqual(ExportedAdSetHour a, ExportedAdSetHour b) =>
        a.Spend == b.Spend && a.Impressions == b.Impressions && a.Clicks == b.Clicks && a.Purchases == b.Purchases && a.PurchaseValue == b.PurchaseValue;

    private static Money Convert(Money money, string currency, CurrencyRates rates) => new(rates.Convert(money.Amount, money.Currency), currency);

    private static List<ShopOrder> ShopOrders(IReadOnlyList<ExportedOrder> orders, string currency, CurrencyRates? rates, List<string> notes)
    {
        var byId = new Dictionary<string, (ShopOrder Order, ExportedOrder Source)>(StringComparer.Ordinal);
        var duplicates = 0;
        var converted = 0;
        foreach (var exported in orders)
        {
            var order = ToShopOrder(exported.Order);
            if (!string.Equals(order.Currency, currency, StringComparison.Ordinal))
            {
                if (rates is null || !rates.Converts(order.Currency))
                {
                    throw new ExportFormatException(
                        exported.File,
                        exported.Line,
                        "Currency",
                        $"order {exported.Order.Name} is in {order.Currency} but the store's money is in {currency}: give --currency-rates FILE (columns from,to,rate) to convert it"
                        + (rates is null ? string.Empty : $"; the rates file has no rate for {order.Currency}"));
                }

                order = order with
                {
                    Currency = currency,
                    Total = rates.Convert(order.Total, order.Currency),
                    Refunded = rates.Convert(order.Refunded, order.Currency),
                    Cogs = order.Cogs is { } cogs ? rates.Convert(cogs, order.Currency) : null,
                };
                converted++;
            }

            if (byId.TryGetValue(order.OrderId, out var earlier))
            {
                if (earlier.Order.PlacedAt == order.PlacedAt && earlier.Order.Total == order.Total && earlier.Order.Refunded == order.Refunded
                    && earlier.Order.Canceled == order.Canceled)
                {
                    duplicates++;
                    continue;
                }

                throw new ExportFormatException(
                    exported.File,
                    exported.Line,
                    null,
                    $"order {exported.Order.Name} (id {order.OrderId}) differs from the same order in {earlier.Source.File}:{earlier.Source.Line}: export the orders once, or from one date");
            }

            byId[order.OrderId] = (order, exported);
        }

        if (duplicates > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"dropped {duplicates} order(s) that two order exports repeat exactly"));
        }

        if (converted > 0)
        {
            notes.Add(string.Create(CultureInfo.InvariantCulture, $"converted {converted} order(s) into {currency} at the fixed rates of the rates file"));
        }

        return [.. byId.Values.Select(v => v.Order).OrderBy(o => o.PlacedAt)];
    }

    /// <summary>Orders whose written UTC offset is not the store zone's at that instant hint at a wrong store time zone.</summary>
    private static void CheckOffsets(IReadOnlyList<ExportedOrder> orders, TimeZoneInfo zone, List<string> notes)
    {
        var mismatched = orders.Count(o => o.Order.CreatedAt.Offset != zone.GetUtcOffset(o.Order.CreatedAt));
        if (mismatched > 0)
        {
            notes.Add(string.Create(
                CultureInfo.InvariantCulture,
                $"{mismatched} of {orders.Count} orders carry a UTC offset that is not {zone.Id}'s at their time: is the store time zone right (--store-timezone)? Their instants are used as written"));
        }
    }
}

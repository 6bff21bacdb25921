using System.Globalization;
using AdPilot.Connectors.Exports;
using AdPilot.Connectors.Shopify;
using AdPilot.Core.Domain;
using AdPilot.Core.Features;
using AdPilot.Runtime.Platforms;

namespace AdPilot.Runtime.Backtest;

/// <summary>
/// Pulls a backtest's history for a past range through the configured connectors, as the live ETL pulls it: each ad
/// account's hourly insights day by day (hours in the store's time zone, as the live ingestion places them) and the shop's
/// orders created in the range (one bulk query, as the order backfill reads them).
/// </summary>
public static class ApiBacktestLoader
{
    /// <summary>Pulls the range.</summary>
    /// <param name="platforms">The configured ad platforms and accounts.</param>
    /// <param name="orders">The Shopify orders client, or null when no shop is configured (the backtest then has no revenue to attribute).</param>
    /// <param name="currency">The store currency.</param>
    /// <param name="zone">The store's time zone (the ad accounts report in it).</param>
    /// <param name="fromUtc">The range's start (floored to the hour).</param>
    /// <param name="toUtc">The range's end, exclusive (floored to the hour).</param>
    /// <param name="costOfGoods">The store's cost of goods.</param>
    /// <param name="attribution">How orders are tied to ad sets.</param>
    /// <param name="rates">Exchange rates into the store currency, or null.</param>
    /// <param name="cancellationToken">Cancels the pull.</param>
    /// <returns>The history.</returns>
    /// <exception cref="ArgumentException">The range is empty or longer than a backtest replays.</exception>
    /// <exception cref="Core.Platforms.PlatformException">A pull failed.</exception>
    /// <exception cref="ExportFormatException">The pulled data cannot be replayed (no rows, mixed currencies without rates, nothing to attribute by).</exception>
    public static async Task<BacktestInput> LoadAsync(
        AdPlatforms platforms,
        ShopifyOrdersClient? orders,
        string currency,
        TimeZoneInfo zone,
        DateTimeOffset fromUtc,
        DateTimeOffset toUtc,
        CostOfGoods costOfGoods,
        AttributionChoice attribution,
        CurrencyRates? rates,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(platforms);
        ArgumentNullException.ThrowIfNull(zone);
        var from = LocalHour.FloorToUtcHour(fromUtc);
        var to = LocalHour.FloorToUtcHour(toUtc);
        if (to <= from)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the range {from:O} to {to:O} holds no whole hour"), nameof(toUtc));
        }

        if ((to - from).TotalHours > BacktestHistoryBuilder.MaxHours)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"the range is longer than {BacktestHistoryBuilder.MaxHours} hours: split it"), nameof(toUtc));
        }

        var rows = new List<ExportedAdSetHour>();
        var sources = new List<BacktestSource>();
        var warnings = new List<string>();
        foreach (var account in platforms.Accounts)
        {
            var platform = platforms.For(account);
            var name = $"{(account.Platform == Platform.TikTok ? "tiktok" : "meta")}_api:{account.AccountId}";
            var snapshots = (await platform.GetAdSetsAsync(account, cancellationToken).ConfigureAwait(false)).ToDictionary(s => s.AdSet);
            var count = 0;
            var first = LocalDay(from, zone);
            var last = LocalDay(to.AddTicks(-1), zone);
            for (var day = first; day <= last; day = day.AddDays(1))
            {
                foreach (var insight in await platform.GetHourlyInsightsAsync(account, day, cancellationToken).ConfigureAwait(false))
                {
                    var hour = LocalHour.ToUtc(insight.Day, insight.Hour, zone);
                    if (hour < from || hour >= to)
                    {
                        continue;
                    }

                    var snapshot = snapshots.GetValueOrDefault(insight.AdSet);
                    rows.Add(new ExportedAdSetHour(
                        insight.AdSet,
                        snapshot?.Name,
                        snapshot?.CampaignId,
                        hour,
                        insight.Day,
                        insight.Hour,
                        insight.Spend,
                        insight.Impressions,
                        insight.Clicks,
                        insight.Conversions,
                        insight.ConversionValue,
                        null,
                        name,
                        0));
                    count++;
                }
            }

            sources.Add(new BacktestSource(name, account.Platform == Platform.TikTok ? "tiktok_api" : "meta_api", count, [account.Currency]));
        }

        var pulled = new List<ExportedOrder>();
        if (orders is null)
        {
            warnings.Add("no Shopify shop is configured: the backtest has no orders, so no revenue");
        }
        else
        {
            await foreach (var order in orders.BulkOrdersAsync(from, currency, cancellationToken).ConfigureAwait(false))
            {
                if (!order.Test && order.CreatedAt >= from && order.CreatedAt < to)
                {
                    var refunded = order.Refunds.Sum(r => r.Amount.Amount);
                    pulled.Add(new ExportedOrder(order, order.CurrentTotal.Amount + refunded, refunded, "shopify_api", 0));
                }
            }

            sources.Add(new BacktestSource("shopify_api", "shopify_api", pulled.Count, [currency]));
        }

        return BacktestHistoryBuilder.Build(rows, pulled, currency, zone, costOfGoods, attribution, rates, sources, warnings, checkOffsets: false);
    }

    private static DateOnly LocalDay(DateTimeOffset utc, TimeZoneInfo zone) => DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime);
}

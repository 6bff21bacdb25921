using System.Globalization;
using AdPilot.Connectors.Exports;
using AdPilot.Core.Domain;

namespace AdPilot.Runtime.Backtest;

/// <summary>
/// Reads a backtest's history from export files: each file's format from its header, the ad platforms' hours placed on the
/// UTC calendar with their accounts' time zones, the orders folded from their line items, then merged by
/// <see cref="BacktestHistoryBuilder"/>.
/// </summary>
public static class ExportBacktestLoader
{
    /// <summary>Reads the files.</summary>
    /// <param name="files">The files and how to read them.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <returns>The history and what reading it assumed.</returns>
    /// <exception cref="ExportFormatException">A file cannot be read, is of the wrong kind for its option, or the files disagree; the message names the file, line and column.</exception>
    public static async Task<BacktestInput> LoadAsync(BacktestFiles files, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(files);
        var warnings = new List<string>();
        var sources = new List<BacktestSource>();
        var rows = new List<ExportedAdSetHour>();
        foreach (var path in files.Insights)
        {
            var document = await CsvDocument.LoadAsync(path, cancellationToken).ConfigureAwait(false);
            var format = ExportDetector.Detect(document);
            var export = format switch
            {
                ExportFormat.MetaAdsManager => MetaAdsExport.Read(document, files.MetaZone),
                ExportFormat.TikTokAdsManager => TikTokAdsExport.Read(document, files.TikTokZone),
                _ => throw new ExportFormatException(path, 1, null, "this is Shopify's orders export, not an ad platform's: pass it with --orders"),
            };
            rows.AddRange(export.Rows);
            warnings.AddRange(export.Warnings);
            sources.Add(new BacktestSource(path, FormatName(format), export.Rows.Count, export.Currencies));
        }

        var orders = new List<ExportedOrder>();
        var hasKey = false;
        foreach (var path in files.Orders)
        {
            var document = await CsvDocument.LoadAsync(path, cancellationToken).ConfigureAwait(false);
            var format = ExportDetector.Detect(document);
            if (format != ExportFormat.ShopifyOrders)
            {
                throw new ExportFormatException(path, 1, null, $"this is a {(format == ExportFormat.MetaAdsManager ? "Meta Ads Manager" : "TikTok Ads Manager")} export, not Shopify's orders export: pass it with --insights");
            }

            var export = ShopifyOrdersExport.Read(document);
            orders.AddRange(export.Orders);
            warnings.AddRange(export.Warnings);
            hasKey |= export.HasAttributionKey;
            sources.Add(new BacktestSource(path, FormatName(format), export.Orders.Count, export.Currencies));
        }

        var rates = files.CurrencyRates is { } ratesFile ? await CurrencyRates.LoadAsync(ratesFile, cancellationToken).ConfigureAwait(false) : null;
        var currency = StoreCurrency(rows, orders, rates);
        var zone = files.StoreZone ?? files.MetaZone ?? files.TikTokZone;
        if (files.StoreZone is null)
        {
            warnings.Add(zone is null
                ? "no store time zone was given (--store-timezone): the policy's hours of day are UTC's"
                : $"no store time zone was given (--store-timezone): taking the ad account's, {zone.Id}");
        }

        if (files.CogsRate is < 0 or >= 1)
        {
            throw new ArgumentOutOfRangeException(nameof(files), files.CogsRate, "the cost of goods rate must be at least 0 and below 1");
        }

        return BacktestHistoryBuilder.Build(
            rows,
            orders,
            currency,
            zone ?? TimeZoneInfo.Utc,
            Core.Domain.CostOfGoods.FromMargin((double)(1 - files.CogsRate)),
            files.Attribution,
            rates,
            sources,
            warnings);
    }

    /// <summary>A format's name in reports.</summary>
    /// <param name="format">The format.</param>
    /// <returns>The name, e.g. <c>meta_ads_manager</c>.</returns>
    public static string FormatName(ExportFormat format) => format switch
    {
        ExportFormat.MetaAdsManager => "meta_ads_manager",
        ExportFormat.TikTokAdsManager => "tiktok_ads_manager",
        _ => "shopify_orders",
    };

    /// <summary>
    /// The store currency: the rates file's target; else the orders' one currency; else, without orders, the insights' one
    /// currency. Orders in several currencies without rates are an error naming each currency's count.
    /// </summary>
    private static string StoreCurrency(List<ExportedAdSetHour> rows, List<ExportedOrder> orders, CurrencyRates? rates)
    {
        if (rates is not null)
        {
            return rates.Target;
        }

        var byCurrency = orders.GroupBy(o => o.Order.CurrentTotal.Currency).OrderByDescending(g => g.Count()).ToArray();
        if (byCurrency.Length > 1)
        {
            var counts = string.Join(", ", byCurrency.Select(g => string.Create(CultureInfo.InvariantCulture, $"{g.Key}: {g.Count()}")));
            var first = byCurrency[1].First();
            throw new ExportFormatException(
                first.File, first.Line, "Currency", $"the orders are in several currencies ({counts}): give --currency-rates FILE (columns from,to,rate) to convert them into the store currency");
        }

        if (byCurrency.Length == 1)
        {
            return byCurrency[0].Key;
        }

        var spend = rows.Select(r => r.Spend.Currency).Distinct(StringComparer.Ordinal).ToArray();
        return spend.Length switch
        {
            1 => spend[0],
            0 => "USD",
            _ => throw new ExportFormatException(
                $"the ad exports are in several currencies ({string.Join(", ", spend)}) and there are no orders to say the store's: give --currency-rates FILE"),
        };
    }
}
